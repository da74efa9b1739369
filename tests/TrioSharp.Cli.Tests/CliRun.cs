using TrioSharp.Cli.Commands;

namespace TrioSharp.Cli.Tests;

/// <summary>Runs the <c>triosharp</c> command in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(terminal: false, args);

    /// <summary>Runs the command as if its output were a terminal (output for people: tables, charts, progress).</summary>
    public static Task<CliRun> InvokeOnTerminalAsync(params string[] args) => InvokeAsync(terminal: true, args);

    private static async Task<CliRun> InvokeAsync(bool terminal, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TriosharpCommand.InvokeAsync(args, new CliConsole(output, error) { IsTerminal = terminal });
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
