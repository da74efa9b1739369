namespace TrioSharp.Downloads;

/// <summary>A download (or one attempt of it) failed for a reason the user can act on.</summary>
public sealed class DownloadException : Exception
{
    /// <summary>Creates an exception for <paramref name="url"/> failing for <paramref name="reason"/>.</summary>
    public DownloadException(Uri url, DownloadFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        Reason = reason;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public DownloadException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public DownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Url = new Uri("about:blank");
    }

    /// <summary>Creates an exception with no message.</summary>
    public DownloadException()
        : this("The download failed.")
    {
    }

    /// <summary>The URL that failed.</summary>
    public Uri Url { get; }

    /// <summary>Why it failed.</summary>
    public DownloadFailure Reason { get; }

    /// <summary>The HTTP status code, for <see cref="DownloadFailure.HttpStatus"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The wait the server asked for with <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether another attempt may succeed.</summary>
    public bool Retriable { get; init; }
}
