namespace TrioSharp.Downloads;

/// <summary>
/// A download in progress, as observers and progress displays see it. Its properties change on the loop's
/// thread as the download moves; read them there.
/// </summary>
public sealed class DownloadItem
{
    internal DownloadItem(DownloadRequest request, int index, string name, DownloadException? rejection)
    {
        Request = request;
        Index = index;
        Name = name;
        Rejection = rejection;
    }

    /// <summary>What was asked for.</summary>
    public DownloadRequest Request { get; }

    /// <summary>Its position in the batch, from zero.</summary>
    public int Index { get; }

    /// <summary>The reserved file name (from the request or the URL); its partial bytes live in <c>Name.part</c>.</summary>
    public string Name { get; }

    /// <summary>The name it is saved under once complete (<c>Content-Disposition</c> may change it); null until then.</summary>
    public string? SavedAs { get; internal set; }

    /// <summary>Bytes in the <c>.part</c> file, resumed ones included.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>The file's length, once a response has announced it.</summary>
    public long? TotalBytes { get; internal set; }

    /// <summary>Requests made so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Where the download stands.</summary>
    public DownloadState State { get; internal set; }

    /// <summary>How it ended, once it has.</summary>
    public DownloadResult? Result { get; internal set; }

    /// <summary>Why the download fails before it starts (a name collision), or null.</summary>
    internal DownloadException? Rejection { get; }

    /// <summary>The stream the bytes go to instead of a file (<see cref="Downloader.DownloadToAsync"/>), or null.</summary>
    internal Stream? Output { get; init; }

    /// <summary>True when <see cref="DownloadOptions.SkipExisting"/> and a file had the final name when the batch was queued: no request is made.</summary>
    internal bool SkipAsExisting { get; init; }

    /// <summary>False when the directory, read as the batch was queued, held no <c>.part</c> (or its metadata) for this name.</summary>
    internal bool PartMayExist { get; init; } = true;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Request.Url})";
}
