namespace TrioSharp.Downloads;

/// <summary>
/// Hears about downloads as they move (for progress displays and logs). Every call is made on the loop's thread,
/// synchronously; an observer must not block. Each method does nothing by default.
/// </summary>
public interface IDownloadObserver
{
    /// <summary>A download was queued, before any slot is taken; its <see cref="DownloadItem.Name"/> is reserved.</summary>
    void OnQueued(DownloadItem item)
    {
    }

    /// <summary>A download got its slots for the first time and is about to send its first request.</summary>
    void OnStarted(DownloadItem item)
    {
    }

    /// <summary>An attempt failed with a retriable <paramref name="failure"/>; the next one starts after <paramref name="delay"/>.</summary>
    void OnRetrying(DownloadItem item, DownloadException failure, TimeSpan delay)
    {
    }

    /// <summary>A download ended: completed, failed or cancelled.</summary>
    void OnFinished(DownloadItem item, DownloadResult result)
    {
    }
}
