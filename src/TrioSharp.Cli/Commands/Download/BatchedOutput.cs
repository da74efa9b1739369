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

    /// <summary>Flushes every 100 ms until <paramref name="finished"/> is set, then returns.</summary>
    /// <remarks>
    /// It ends by returning rather than by being cancelled: a cancellation is an exception, and the first exception a
    /// native AOT process throws costs a few hundred microseconds of unwinding tables, a noticeable share of a short run.
    /// </remarks>
    /// <param name="finished">Set when the downloads are over.</param>
    /// <exception cref="Cancelled">The enclosing scope was cancelled (Ctrl+C, or a download task failed).</exception>
    public async Task FlushUntilAsync(TrioEvent finished)
    {
        while (!finished.IsSet)
        {
            await Trio.MoveOnAfter(0.1, async () => await finished.WaitAsync());
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
