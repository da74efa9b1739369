namespace TrioSharp.Downloads;

/// <summary>Where a download stands.</summary>
public enum DownloadState
{
    /// <summary>Waiting for a slot under the global or per-host limit.</summary>
    Queued,

    /// <summary>Holding its slots: connecting or receiving.</summary>
    Running,

    /// <summary>Waiting out a back-off or a server's <c>Retry-After</c> before the next attempt, without holding slots.</summary>
    Retrying,

    /// <summary>Saved under its final name, complete and verified.</summary>
    Completed,

    /// <summary>
    /// Already there and up to date (<see cref="DownloadOptions.Timestamping"/>): the server answered 304, or the
    /// same length and date as the file under its final name; nothing was downloaded.
    /// </summary>
    Skipped,

    /// <summary>Given up; its <c>.part</c> file is kept for a later resume unless told otherwise.</summary>
    Failed,

    /// <summary>Cancelled by its cancel scope; its <c>.part</c> file is kept for a later resume.</summary>
    Cancelled,
}
