using System.CommandLine;
using System.CommandLine.Help;

namespace TrioSharp.Cli.Commands;

/// <summary>The root command, <c>triosharp</c>.</summary>
internal static class TriosharpCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where to print and read.</param>
    /// <param name="cancellationToken">Cancels the command as Ctrl+C would (for tests; a real Ctrl+C is caught by <see cref="CtrlC"/> while a command's loop runs).</param>
    public static Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        // A plain command named triosharp rather than a RootCommand, which names itself after the executable
        // (TrioSharp.Cli: the assembly cannot be called triosharp beside the library's TrioSharp.dll).
        var root = new Command("triosharp", "triosharp: Trio's seven exercises in C# on TrioSharp, and the tools built on it.\n"
            + "Example: triosharp seed all --offline")
        {
            new HelpOption(),
            // The parser's own action prints the entry assembly's version, which is the test host's in tests.
            new VersionOption { Action = new VersionAction() },
#if !TRIOSHARP_DOWNLOAD_IMAGE // the download image leaves out what it does not run (the project file says why)
            SeedCommand.Create(console),
            MirrorCommand.Create(console),
            GdpCommand.Create(console),
#endif
            DownloadCommand.Create(console),
#if !TRIOSHARP_DOWNLOAD_IMAGE
            SchedulerCommand.Create(console),
            WbCommand.Create(console),
#endif
        };
        return InvokeAsync(root.Parse(args), console, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="parse"/> under the convention of docs/cli.md: a parser error is one line and exit code 2
    /// (not the parser's whole help and 1), and every bad-input error is followed by the hint to <c>--help</c>.
    /// </summary>
    private static async Task<int> InvokeAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        if (ParseProblem.Describe(parse) is { } problem)
        {
            console.Error(problem);
            console.Err.WriteLine(ParseProblem.HelpHint(parse));
            return ExitCode.BadInput;
        }

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Err }, cancellationToken);
        if (exit == ExitCode.BadInput)
        {
            console.Err.WriteLine(ParseProblem.HelpHint(parse));
        }

        return exit;
    }
}
