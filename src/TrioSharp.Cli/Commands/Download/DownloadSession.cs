using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary>Keeps every queued download, for the summary at the end, and passes each event on to the display.</summary>
internal sealed class DownloadSession(IDownloadObserver display) : IDownloadObserver
{
    /// <summary>The downloads, in input order.</summary>
    public List<DownloadItem> Items { get; } = [];

    /// <inheritdoc/>
    public void OnQueued(DownloadItem item)
    {
        Items.Add(item);
        display.OnQueued(item);
    }

    /// <inheritdoc/>
    public void OnStarted(DownloadItem item) => display.OnStarted(item);

    /// <inheritdoc/>
    public void OnRetrying(DownloadItem item, DownloadException failure, TimeSpan delay) => display.OnRetrying(item, failure, delay);

    /// <inheritdoc/>
    public void OnFinished(DownloadItem item, DownloadResult result) => display.OnFinished(item, result);
}
