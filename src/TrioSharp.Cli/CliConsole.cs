using Spectre.Console;
using TrioSharp.Cli.Seeds;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli;

/// <summary>Where the command prints: standard output for results, standard error for one-line errors.</summary>
/// <param name="output">Results and progress lines.</param>
/// <param name="error">Error lines.</param>
/// <param name="input">Standard input, for commands that read from it (<c>download -i -</c>); empty when null.</param>
/// <param name="isTerminal">Whether <paramref name="output"/> is a terminal (live displays) rather than a pipe or file (plain lines).</param>
/// <param name="colors">The colours a terminal may show: <see cref="ColorSystemSupport.NoColors"/> under <c>NO_COLOR</c> (<see cref="ColorsFor"/>).</param>
/// <param name="openBinaryOutput">Opens standard output for bytes (<c>download -O -</c>); the process's own when null.</param>
internal sealed class CliConsole(
    TextWriter output, TextWriter error, TextReader? input = null, bool isTerminal = false, ColorSystemSupport colors = ColorSystemSupport.NoColors, Func<Stream>? openBinaryOutput = null)
{
    /// <summary>Opens standard output for writing bytes rather than text.</summary>
    public Func<Stream> OpenBinaryOutput { get; } = openBinaryOutput ?? Console.OpenStandardOutput;

    /// <summary>Results and progress lines.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Error lines.</summary>
    public TextWriter Err { get; } = error;

    /// <summary>Standard input.</summary>
    public TextReader In { get; } = input ?? TextReader.Null;

    /// <summary>Whether <see cref="Out"/> is a terminal.</summary>
    public bool IsTerminal { get; } = isTerminal;

    /// <summary>The colours a terminal may show.</summary>
    public ColorSystemSupport Colors { get; } = colors;

    /// <summary>
    /// The colours for the value of the <c>NO_COLOR</c> environment variable: none when it is set and not empty
    /// (https://no-color.org), else what the terminal says it supports.
    /// </summary>
    public static ColorSystemSupport ColorsFor(string? noColor) => string.IsNullOrEmpty(noColor) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors;

    /// <summary>
    /// A Spectre console on <see cref="Out"/> for the displays shown on a terminal: ANSI escapes only on a terminal,
    /// colours only as <see cref="Colors"/> allows.
    /// </summary>
    public IAnsiConsole Terminal() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = IsTerminal ? AnsiSupport.Yes : AnsiSupport.No,
        ColorSystem = Colors,
        Interactive = IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });

    /// <summary>Prints a one-line error.</summary>
    public void Error(string message) => Err.WriteLine($"error: {message}");

    /// <summary>The message to show for a failure the user can fix, or null for a bug (which keeps its stack trace).</summary>
    public static string? UserError(Exception error) => error switch
    {
        SeedException e => e.Message,
        WorldBankException e => e.Message,
        IOException e when e.Message.Contains("port", StringComparison.Ordinal) => e.Message,
        AggregateException group when group.Flatten().InnerExceptions.Select(UserError).FirstOrDefault(m => m is not null) is { } m => m,
        _ => null,
    };
}
