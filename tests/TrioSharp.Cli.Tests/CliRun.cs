using TrioSharp.Cli.Commands;

namespace TrioSharp.Cli.Tests;

/// <summary>Runs the <c>triosharp</c> command in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TriosharpCommand.InvokeAsync(args, new CliConsole(output, error));
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
