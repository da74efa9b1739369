namespace TrioSharp.Downloads;

/// <summary>Why an attempt or a download failed.</summary>
public enum DownloadFailure
{
    /// <summary>The connection could not be made or broke before the response headers (retried).</summary>
    Connection,

    /// <summary>No response headers within the connect time-out (retried).</summary>
    ConnectTimeout,

    /// <summary>The body stopped arriving for longer than the stall time-out (retried, resuming).</summary>
    Stalled,

    /// <summary>The body ended before its announced length (retried, resuming).</summary>
    Truncated,

    /// <summary>An HTTP error status: 408, 429 and 5xx are retried, other codes fail at once.</summary>
    HttpStatus,

    /// <summary>The server answered a range request inconsistently (retried from zero).</summary>
    Protocol,

    /// <summary>The bytes' SHA-256 is not the expected one (not retried; the <c>.part</c> file is kept).</summary>
    ChecksumMismatch,

    /// <summary>The file name is taken and the policy is <see cref="CollisionPolicy.Fail"/>.</summary>
    NameCollision,

    /// <summary>The file could not be written (disk full, permissions).</summary>
    FileSystem,

    /// <summary>A redirect went to a URL that is not http:// or https://, had no target, or redirects went on too long (not retried).</summary>
    Redirect,

    /// <summary>The file was not done within <see cref="DownloadOptions.MaxTime"/> (not retried; the <c>.part</c> file is kept).</summary>
    TimeLimit,

    /// <summary>Anything else that went wrong with this one file (a bug in a handler or in the downloader); the message names the exception.</summary>
    Unexpected,
}
