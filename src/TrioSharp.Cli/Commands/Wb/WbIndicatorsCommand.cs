using System.CommandLine;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary><c>wb indicators --search TEXT</c> and <c>wb indicator ID</c>: the World Development Indicators' catalogue.</summary>
internal static class WbIndicatorsCommand
{
    public static Command Indicators(CliConsole console)
    {
        var search = new Option<string?>("--search", "-s") { Description = "Only indicators whose id or name holds every word of TEXT (ignoring case)." };
        var (baseUrl, offline) = WbCommand.Connection();
        var command = new Command("indicators", "The indicator catalogue (fetched page by page and cached for a day): 'ID<TAB>name' lines.\n"
            + "Example: triosharp wb indicators --offline --search \"co2 emissions\"")
        {
            search, baseUrl, offline,
        };
        OptionConflicts.Exclusive(command, offline, baseUrl);
        command.SetAction((result, cancellation) =>
        {
            var words = (result.GetValue(search) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return WbCommand.RunAsync(console, result.GetValue(offline), WbCommand.WithClient(result.GetValue(baseUrl), GdpCommand.DefaultCacheDirectory(), client => client.GetIndicatorsAsync()), catalogue =>
            {
                foreach (var indicator in catalogue.Where(i => words.All(w => i.Id.Contains(w, StringComparison.OrdinalIgnoreCase) || i.Name.Contains(w, StringComparison.OrdinalIgnoreCase))))
                {
                    console.Out.WriteLine($"{indicator.Id}\t{indicator.Name}");
                }
            }, cancellation);
        });
        return command;
    }

    public static Command Indicator(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The indicator's id, such as EN.ATM.CO2E.KT." };
        var (baseUrl, offline) = WbCommand.Connection();
        var command = new Command("indicator", "One indicator's metadata: name, source, topics and definition.\nExample: triosharp wb indicator EN.ATM.CO2E.KT --offline")
        {
            id, baseUrl, offline,
        };
        OptionConflicts.Exclusive(command, offline, baseUrl);
        command.SetAction((result, cancellation) =>
            WbCommand.RunAsync(console, result.GetValue(offline), WbCommand.WithClient(result.GetValue(baseUrl), GdpCommand.DefaultCacheDirectory(), client => client.GetIndicatorAsync(result.GetValue(id)!)), indicator =>
            {
                console.Out.WriteLine($"id: {indicator.Id}");
                console.Out.WriteLine($"name: {indicator.Name}");
                console.Out.WriteLine($"source: {indicator.SourceName}");
                console.Out.WriteLine($"organization: {indicator.SourceOrganization.ReplaceLineEndings(" ")}");
                console.Out.WriteLine($"topics: {string.Join("; ", indicator.Topics)}");
                console.Out.WriteLine($"note: {indicator.SourceNote.ReplaceLineEndings(" ")}");
            }, cancellation));
        return command;
    }
}
