namespace TrioSharp.Downloads;

/// <summary>How one download ended.</summary>
/// <param name="Request">What was asked for.</param>
/// <param name="FileName">The file's name: its final name when completed, else the name it was going to have.</param>
/// <param name="Path">Where the bytes are: the final file when completed, the kept <c>.part</c> file otherwise (null if none was kept).</param>
/// <param name="Bytes">The bytes on disk.</param>
/// <param name="Sha256">The SHA-256 of a completed file in lower-case hex, when computed.</param>
/// <param name="Elapsed">Loop time from getting its first slot to the end.</param>
/// <param name="Attempts">How many requests were made.</param>
/// <param name="State"><see cref="DownloadState.Completed"/>, <see cref="DownloadState.Skipped"/> (already there), <see cref="DownloadState.Failed"/> or <see cref="DownloadState.Cancelled"/>.</param>
/// <param name="Error">Why it failed, for <see cref="DownloadState.Failed"/>.</param>
public sealed record DownloadResult(
    DownloadRequest Request,
    string FileName,
    string? Path,
    long Bytes,
    string? Sha256,
    TimeSpan Elapsed,
    int Attempts,
    DownloadState State,
    DownloadException? Error);
