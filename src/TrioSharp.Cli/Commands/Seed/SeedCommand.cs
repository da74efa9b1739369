using System.CommandLine;
using TrioSharp.Cli.Seeds;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp seed &lt;task&gt;</c>: runs the seed exercises' programs.</summary>
internal static class SeedCommand
{
    public static Command Create(CliConsole console)
    {
        var names = SeedProgram.All.Select(p => p.Name).Append("all").ToArray();
        var task = new Argument<string>("task")
        {
            Description = $"Which program to run: {string.Join(", ", names)}.",
        };
        task.AcceptOnlyFromAmong(names);
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run on the virtual clock: sleeps and timeouts take no real time." };
        var offline = new Option<bool>("--offline") { Description = "Serve Project Gutenberg and the World Bank from the embedded mirror (no internet needed)." };
        var gutenberg = UrlOption("--gutenberg-url", "Base URL standing in for https://www.gutenberg.org/.");
        var worldBank = UrlOption("--worldbank-url", "Base URL standing in for https://api.worldbank.org/.");
        var output = new Option<string>("--output", "-o")
        {
            Description = "Directory where task 2 saves the books.",
            DefaultValueFactory = _ => "downloads",
        };

        var timeline = new Option<string?>("--timeline") { Description = "Tasks 4a/4b: also draw the run as an SVG timeline into this file." };
        var command = new Command("seed", "Run the programs of the Trio exercises, printing exactly the seed's expected output.\n"
            + "Examples:\n  triosharp seed all --offline\n  triosharp seed 1a --virtual-time\n  triosharp seed 2 --offline -o books\n  triosharp seed 4b --virtual-time --timeline 4b.svg")
        {
            task, virtualTime, offline, gutenberg, worldBank, output, timeline,
        };
        OptionConflicts.Exclusive(command, offline, gutenberg);
        OptionConflicts.Exclusive(command, offline, worldBank);
        command.SetAction(async (result, cancellation) =>
        {
            var selected = result.GetValue(task)!;
            var programs = selected == "all" ? SeedProgram.All : SeedProgram.All.Where(p => p.Name == selected).ToList();
            using var interrupt = new CtrlC(cancellation);
            return await EmbeddedMirror.RunAsync(console, result.GetValue(offline) && programs.Any(p => p.UsesNetwork), mirror =>
            {
                var settings = new SeedSettings
                {
                    Output = console.Out,
                    VirtualTime = result.GetValue(virtualTime),
                    Gutenberg = WithSlash(result.GetValue(gutenberg)) ?? mirror?.BaseAddress ?? SeedSettings.RealGutenberg,
                    WorldBank = WithSlash(result.GetValue(worldBank)) ?? mirror?.BaseAddress ?? SeedSettings.RealWorldBank,
                    DownloadDirectory = result.GetValue(output)!,
                    TimelinePath = result.GetValue(timeline),
                    Cancellation = interrupt.Token,
                };
                try
                {
                    foreach (var program in programs)
                    {
                        if (programs.Count > 1)
                        {
                            console.Out.WriteLine($"== Task {program.Name}: {program.Title} ==");
                        }

                        program.Run(settings);
                    }
                }
                catch (OperationCanceledException e) when (e.CancellationToken == interrupt.Token)
                {
                    console.Error("cancelled.");
                    return Task.FromResult(130);
                }

                return Task.FromResult(0);
            }, interrupt.Token);
        });
        return command;
    }

    /// <summary>An option holding an absolute http(s) URL; anything else is a parse error naming the option.</summary>
    internal static Option<Uri?> UrlOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError($"{name} must be an absolute http:// or https:// URL; got '{text}'.");
            return null;
        },
    };

    private static Uri? WithSlash(Uri? url) =>
        url is null || url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
