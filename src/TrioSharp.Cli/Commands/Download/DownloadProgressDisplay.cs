using Spectre.Console;
using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// The live display on a terminal: a row per running file (bar, bytes, speed, time left) under a total row, redrawn
/// by Spectre.Console's own thread from values this observer refreshes on the loop ten times a second.
/// </summary>
internal sealed class DownloadProgressDisplay(IAnsiConsole console, ProgressContext context) : IDownloadObserver
{
    private readonly Dictionary<DownloadItem, ProgressTask> _rows = [];
    private readonly List<DownloadItem> _items = [];
    private readonly ProgressTask _total = context.AddTask("Total", maxValue: 1);
    private int _finished;

    /// <inheritdoc/>
    public void OnQueued(DownloadItem item) => _items.Add(item);

    /// <inheritdoc/>
    public void OnStarted(DownloadItem item) => _rows[item] = context.AddTask(Markup.Escape(item.Name), maxValue: 1);

    /// <inheritdoc/>
    public void OnRetrying(DownloadItem item, DownloadException failure, TimeSpan delay)
    {
        if (_rows.TryGetValue(item, out var row))
        {
            row.Description = $"{Markup.Escape(item.Name)} [yellow](retry {item.Attempts + 1} in {delay.TotalSeconds:0.0}s)[/]";
        }
    }

    /// <inheritdoc/>
    public void OnFinished(DownloadItem item, DownloadResult result)
    {
        _finished++;
        if (_rows.Remove(item, out var row))
        {
            row.Value = row.MaxValue;
            row.StopTask();
        }

        var name = Markup.Escape(item.Name);
        switch (result.State)
        {
            case DownloadState.Completed:
                console.MarkupLine($"[green]Finished[/] downloading {name}" + (result.FileName == item.Name ? string.Empty : $" (saved as {Markup.Escape(result.FileName)})"));
                break;
            case DownloadState.Skipped:
                console.MarkupLine($"[grey]Skipped[/] {name}: {DownloadLines.SkipReason(result)}");
                break;
            case DownloadState.Failed:
                console.MarkupLine($"[red]Failed[/] downloading {name}: {Markup.Escape(result.Error?.Message ?? string.Empty)}");
                break;
        }
    }

    /// <summary>Copies the downloads' byte counts into the display every 100 ms until <paramref name="finished"/> is set.</summary>
    /// <param name="finished">Set when the downloads are over.</param>
    /// <exception cref="Cancelled">The enclosing scope was cancelled (Ctrl+C, or a download task failed).</exception>
    public async Task RefreshUntilAsync(TrioEvent finished)
    {
        while (!finished.IsSet)
        {
            Refresh();
            await Trio.MoveOnAfter(0.1, async () => await finished.WaitAsync());
        }
    }

    private void Refresh()
    {
        foreach (var (item, row) in _rows)
        {
            row.MaxValue = Math.Max(1, item.TotalBytes ?? item.BytesReceived);
            row.Value = item.BytesReceived;
        }

        _total.Description = $"Total ({_finished}/{_items.Count} files)";
        _total.MaxValue = Math.Max(1, _items.Sum(i => i.TotalBytes ?? i.BytesReceived));
        _total.Value = _items.Sum(i => i.BytesReceived);
    }
}
