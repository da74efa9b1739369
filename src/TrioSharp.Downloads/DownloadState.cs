namespace TrioSharp.Downloads;

/// <summary>Where a download stands.</summary>
// The values are fixed (Skipped came later, as 6), so code compiled against an earlier version reads the same states.
public enum DownloadState
{
    /// <summary>Waiting for a slot under the global or per-host limit.</summary>
    Queued = 0,

    /// <summary>Holding its slots: connecting or receiving.</summary>
    Running = 1,

    /// <summary>Waiting out a back-off or a server's <c>Retry-After</c> before the next attempt, without holding slots.</summary>
    Retrying = 2,

    /// <summary>Saved under its final name, complete and verified.</summary>
    Completed = 3,

    /// <summary>
    /// Already there: up to date (<see cref="DownloadOptions.Timestamping"/>: the server answered 304, or the same length
    /// and date as the file under its final name), or present at all (<see cref="DownloadOptions.SkipExisting"/>, with no
    /// request made); nothing was downloaded.
    /// </summary>
    Skipped = 6,

    /// <summary>Given up; its <c>.part</c> file is kept for a later resume unless told otherwise.</summary>
    Failed = 4,

    /// <summary>Cancelled by its cancel scope; its <c>.part</c> file is kept for a later resume.</summary>
    Cancelled = 5,
}
