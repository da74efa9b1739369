namespace TrioSharp.Mirror;

/// <summary>
/// Faults the mirror injects, so clients can be tested and benchmarked against a misbehaving server.
/// </summary>
/// <remarks>
/// Counted faults ("the first N requests") count per distinct path and query, so a retried request meets the
/// fault N times and then succeeds. All of them are off by default.
/// </remarks>
public sealed record MirrorFaults
{
    /// <summary>Delay added before every response.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Fraction of requests (0 to 1) answered 503, drawn from a generator seeded with <see cref="Seed"/>.</summary>
    public double FailureRate { get; init; }

    /// <summary>Seed of the generator behind <see cref="FailureRate"/>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first N requests for each URL are answered 503 Service Unavailable.</summary>
    public int FailFirst { get; init; }

    /// <summary>The first N requests for each URL are answered 429 Too Many Requests with <c>Retry-After</c>.</summary>
    public int ThrottleFirst { get; init; }

    /// <summary>The <c>Retry-After</c> seconds sent with 429 answers.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Cut the connection after this many body bytes (the headers promise the whole length).</summary>
    public long? CutBodyAt { get; init; }

    /// <summary>How many requests per URL get a cut body; later ones are served whole.</summary>
    public int CutFirst { get; init; } = int.MaxValue;

    /// <summary>Stop sending after this many body bytes and hold the connection until the client gives up.</summary>
    public long? StallBodyAt { get; init; }

    /// <summary>How many requests per URL stall; later ones are served whole.</summary>
    public int StallFirst { get; init; } = int.MaxValue;

    /// <summary>Ignore <c>Range</c> headers and always send the whole file (book or generated) with 200.</summary>
    public bool IgnoreRange { get; init; }

    /// <summary>Ignore <c>If-Modified-Since</c> and answer 200 with the whole file, as servers without conditional requests do.</summary>
    public bool IgnoreIfModifiedSince { get; init; }

    /// <summary>After this many requests for a book or a generated file, its content (and so its ETag) changes.</summary>
    public int? ChangeContentAfter { get; init; }

    /// <summary>The first N World Bank requests per URL are answered with an HTML error page instead of JSON.</summary>
    public int HtmlFirst { get; init; }

    /// <summary>The most bytes per second one response's body is sent at (each connection on its own), or null for no limit.</summary>
    public long? RatePerConnection { get; init; }

    /// <summary>Whether any fault is switched on.</summary>
    public bool Any => Latency > TimeSpan.Zero || FailureRate > 0 || FailFirst > 0 || ThrottleFirst > 0
        || CutBodyAt is not null || StallBodyAt is not null || IgnoreRange || ChangeContentAfter is not null || HtmlFirst > 0
        || RatePerConnection is not null || IgnoreIfModifiedSince;
}
