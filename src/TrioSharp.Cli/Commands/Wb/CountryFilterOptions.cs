using System.CommandLine;

namespace TrioSharp.Cli.Commands;

/// <summary>The options that choose rows of the country list, shared by <c>gdp</c> and <c>wb countries</c>.</summary>
internal sealed class CountryFilterOptions
{
    private readonly Option<bool> _economies = new("--economies") { Description = "Only economies (no regional, income or lending aggregates)." };
    private readonly Option<bool> _aggregates = new("--aggregates") { Description = "Only aggregates (regions, income groups, World, ...)." };
    private readonly Option<string[]> _regions = List("--region", "Only this region, by id or name (EAS ECS LCN MEA NAC SAS SSF, or 'South Asia').");
    private readonly Option<string[]> _incomes = List("--income", "Only this income level, by id or name (HIC UMC LMC LIC INX, or 'High income').");
    private readonly Option<string[]> _lending = List("--lending", "Only this lending type, by id or name (IBD IDB IDX LNX, or IBRD, Blend, IDA).");

    /// <summary>Adds the options to <paramref name="command"/>; <c>--economies</c> and <c>--aggregates</c> exclude each other.</summary>
    public CountryFilterOptions(Command command)
    {
        command.Options.Add(_economies);
        command.Options.Add(_aggregates);
        command.Options.Add(_regions);
        command.Options.Add(_incomes);
        command.Options.Add(_lending);
        OptionConflicts.Exclusive(command, _economies, _aggregates);
    }

    /// <summary>The filter the options given in <paramref name="result"/> ask for.</summary>
    public CountryFilter Read(ParseResult result) => new(
        result.GetValue(_economies) ? false : result.GetValue(_aggregates) ? true : null,
        Values(result, _regions),
        Values(result, _incomes),
        Values(result, _lending));

    private static Option<string[]> List(string name, string description) => new(name)
    {
        Description = description + " Repeat it or separate with commas for several.",
        AllowMultipleArgumentsPerToken = false,
    };

    // Names hold spaces ("High income"), so commas, not spaces, separate several in one value.
    private static string[] Values(ParseResult result, Option<string[]> option) =>
        [.. (result.GetValue(option) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
