using System.CommandLine;

namespace TrioSharp.Cli.Commands;

/// <summary>The root command, <c>triosharp</c>.</summary>
internal static class TriosharpCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args, CliConsole console)
    {
        var root = new RootCommand("triosharp: Trio's seven exercises in C# on TrioSharp, and the tools built on it.\n"
            + "Example: triosharp seed all --offline")
        {
            SeedCommand.Create(console),
            MirrorCommand.Create(console),
            GdpCommand.Create(console),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Err });
    }
}
