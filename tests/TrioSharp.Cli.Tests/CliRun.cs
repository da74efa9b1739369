using Spectre.Console;
using TrioSharp.Cli.Commands;

namespace TrioSharp.Cli.Tests;

/// <summary>Runs the <c>triosharp</c> command in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(new CliSetup(), args);

    /// <summary>Runs the command as if its output were a terminal (output for people: tables, charts, progress).</summary>
    public static Task<CliRun> InvokeOnTerminalAsync(params string[] args) => InvokeAsync(new CliSetup(IsTerminal: true), args);

    /// <summary>Runs with standard input, a terminal or a cancellation (Ctrl+C) as <paramref name="setup"/> says, on a thread of its own.</summary>
    public static async Task<CliRun> InvokeAsync(CliSetup setup, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(setup.Input ?? string.Empty);
        using var watched = setup.OnOutput is null ? null : new WatchedWriter(output, setup.OnOutput);
        var console = new CliConsole(
            watched ?? (TextWriter)output, error, input, setup.IsTerminal, setup.Colors, setup.BinaryOutput is { } bytes ? () => bytes : null);
        var exit = await Task.Run(() => TriosharpCommand.InvokeAsync(args, console, setup.Cancellation));
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What a run sees besides its arguments.</summary>
/// <param name="Input">Standard input.</param>
/// <param name="IsTerminal">Whether standard output is a terminal.</param>
/// <param name="BinaryOutput">Receives what the command writes to standard output as bytes (<c>download -O -</c>).</param>
/// <param name="Cancellation">Cancels the command as Ctrl+C would.</param>
internal sealed record CliSetup(string? Input = null, bool IsTerminal = false, Stream? BinaryOutput = null, CancellationToken Cancellation = default)
{
    /// <summary>The colours a terminal may show: by default what the environment says, as the program does without NO_COLOR.</summary>
    public ColorSystemSupport Colors { get; init; } = ColorSystemSupport.Detect;

    /// <summary>Called with each line the command writes to its output (a server's "listening" line, say).</summary>
    public Action<string>? OnOutput { get; init; }
}
