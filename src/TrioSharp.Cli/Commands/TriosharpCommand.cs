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
            new VersionOption(),
            SeedCommand.Create(console),
            MirrorCommand.Create(console),
            GdpCommand.Create(console),
            DownloadCommand.Create(console),
            SchedulerCommand.Create(console),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Err }, cancellationToken);
    }
}
