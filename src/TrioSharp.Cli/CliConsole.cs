using TrioSharp.Cli.Seeds;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli;

/// <summary>Where the command prints: standard output for results, standard error for one-line errors.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    /// <summary>Results and progress lines.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Error lines.</summary>
    public TextWriter Err { get; } = error;

    /// <summary>Whether <see cref="Out"/> is a terminal (rather than a pipe or a file), for output meant for people.</summary>
    public bool IsTerminal { get; init; }

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
