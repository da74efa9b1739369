using System.CommandLine;
using System.Text.Json;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp wb …</c>: the World Bank command family (<c>gdp</c> is the seed's report built on the same client).</summary>
internal static class WbCommand
{
    public static Command Create(CliConsole console) => new("wb", "World Bank API tools: the country list, filtered; several indicators at once, long or wide; the indicator catalogue.\n"
        + "Examples:\n  triosharp wb countries --offline --economies --region SSF\n  triosharp wb countries --offline --aggregates --csv")
    {
        Countries(console),
        WbDataCommand.Create(console),
        WbIndicatorsCommand.Indicators(console),
        WbIndicatorsCommand.Indicator(console),
    };

    private static Command Countries(CliConsole console)
    {
        var (baseUrl, offline) = Connection();
        var csv = new Option<bool>("--csv") { Description = "Print CSV with a header row." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of objects." };
        var command = new Command("countries", "The country list with each row's ISO3 and ISO2 ids, region, income level and lending type;\n"
            + "tab-separated with a header row unless --csv or --json.")
        {
            baseUrl, offline, csv, json,
        };
        var filter = new CountryFilterOptions(command);
        OptionConflicts.Exclusive(command, csv, json);
        OptionConflicts.Exclusive(command, offline, baseUrl);
        command.SetAction(async (result, cancellation) =>
        {
            var keep = filter.Read(result);
            return await RunAsync(console, result.GetValue(offline), WithClient(result.GetValue(baseUrl), null, client => client.GetCountriesAsync()), countries =>
                Write(console.Out, [.. countries.Where(keep.Keeps)], result.GetValue(csv) ? ',' : result.GetValue(json) ? null : '\t'), cancellation);
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="fetch"/> on a loop, given the embedded mirror's address when <paramref name="offline"/> (else
    /// null), then <paramref name="print"/>s its result; returns the exit code (130 on Ctrl+C, 2 for an id the API refuses).
    /// </summary>
    internal static async Task<int> RunAsync<T>(CliConsole console, bool offline, Func<Uri?, Task<T>> fetch, Action<T> print, CancellationToken cancellation)
    {
        using var interrupt = new CtrlC(cancellation);
        return await EmbeddedMirror.RunAsync(console, offline, mirror =>
        {
            try
            {
                print(Trio.Run(() => fetch(mirror?.BaseAddress), new TrioRunOptions { Cancellation = interrupt.Token }));
                return Task.FromResult(ExitCode.Success);
            }
            catch (OperationCanceledException e) when (e.CancellationToken == interrupt.Token)
            {
                console.Error("cancelled.");
                return Task.FromResult(ExitCode.Interrupted);
            }
            catch (Exception e) when (GdpCommand.BadInput(e) is { } message)
            {
                console.Error(message);
                return Task.FromResult(ExitCode.BadInput);
            }
        }, interrupt.Token);
    }

    /// <summary>A fetch for <see cref="RunAsync"/> with a client of the mirror, else of <paramref name="baseUrl"/> (else the real API) and its cache.</summary>
    internal static Func<Uri?, Task<T>> WithClient<T>(Uri? baseUrl, string? cacheDirectory, Func<WorldBankClient, Task<T>> fetch) => async mirror =>
    {
        using var http = new HttpClient();
        return await fetch(new WorldBankClient(http, new WorldBankClientOptions
        {
            BaseAddress = mirror ?? baseUrl ?? WorldBankClientOptions.RealApi,
            PerPage = 1000,
            CacheDirectory = mirror is null ? cacheDirectory : null,
        }));
    };

    /// <summary>The <c>--base-url</c> and <c>--offline</c> options of the <c>wb</c> commands that take no cache options.</summary>
    internal static (Option<Uri?> BaseUrl, Option<bool> Offline) Connection() => (
        SeedCommand.UrlOption("--base-url", "The World Bank API's root (default https://api.worldbank.org/)."),
        new Option<bool>("--offline") { Description = "Serve the API from the embedded mirror (no internet needed)." });

    /// <summary>Writes the rows separated by <paramref name="separator"/>, or as JSON when it is null.</summary>
    private static void Write(TextWriter output, List<Country> countries, char? separator)
    {
        if (separator is not { } s)
        {
            output.WriteLine(JsonSerializer.Serialize(
                countries.Select(c => new CountryRow(c.Id, c.Iso2Code, c.Name, c.IsAggregate, c.RegionId, c.Region, c.IncomeLevelId, c.IncomeLevel, c.LendingTypeId, c.LendingType, c.CapitalCity)),
                WbJsonContext.Default.IEnumerableCountryRow));
            return;
        }

        output.WriteLine(string.Join(s, "id", "iso2", "name", "aggregate", "region_id", "region", "income_id", "income", "lending_id", "lending"));
        foreach (var c in countries)
        {
            output.WriteLine(string.Join(
                s,
                ((string[])[c.Id, c.Iso2Code, c.Name, c.IsAggregate ? "yes" : "no", c.RegionId, c.Region, c.IncomeLevelId, c.IncomeLevel, c.LendingTypeId, c.LendingType])
                .Select(f => s == ',' ? Csv(f) : f.Replace('\t', ' '))));
        }
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
