using System.Globalization;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Collects event lines and hands them to the real output ten times a second: thousands of small files would
/// otherwise cost one write (and one console lock) per line on the loop's thread.
/// </summary>
internal sealed class BatchedOutput(TextWriter output) : IDisposable
{
    private readonly StringWriter _lines = new(CultureInfo.InvariantCulture);

    /// <summary>Where lines are written; they reach the output at the next flush.</summary>
    public TextWriter Writer => _lines;

    /// <summary>Flushes every 100 ms until cancelled.</summary>
    /// <exception cref="Cancelled">Always, when the enclosing scope is cancelled.</exception>
    public async Task FlushForeverAsync()
    {
        while (true)
        {
            await Trio.Sleep(0.1);
            Flush();
        }
    }

    /// <summary>Writes what has been collected.</summary>
    public void Flush()
    {
        var text = _lines.GetStringBuilder();
        if (text.Length > 0)
        {
            output.Write(text.ToString());
            output.Flush();
            text.Clear();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lines.Dispose();
}
