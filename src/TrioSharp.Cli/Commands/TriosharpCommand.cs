using System.CommandLine;

namespace TrioSharp.Cli.Commands;

/// <summary>The root command, <c>triosharp</c>.</summary>
internal static class TriosharpCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where to print and read.</param>
    /// <param name="cancellationToken">Cancels the command as Ctrl+C would (for tests; the real Ctrl+C is wired by System.CommandLine).</param>
    public static Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("triosharp: Trio's seven exercises in C# on TrioSharp, and the tools built on it.\n"
            + "Example: triosharp seed all --offline")
        {
            SeedCommand.Create(console),
            MirrorCommand.Create(console),
            GdpCommand.Create(console),
            DownloadCommand.Create(console),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Err }, cancellationToken);
    }
}
