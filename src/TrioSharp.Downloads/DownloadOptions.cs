using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace TrioSharp.Downloads;

/// <summary>How a <see cref="Downloader"/> downloads: where, how many at once, how it retries and times out.</summary>
/// <remarks>Every duration is measured on the loop's clock (<see cref="Trio.CurrentClock"/>), so a virtual clock drives back-offs too.</remarks>
public sealed record DownloadOptions
{
    /// <summary>The directory files are saved in (created if missing).</summary>
    public string Directory { get; init; } = ".";

    /// <summary>How many files download at once, across all hosts.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>How many files download at once from one host (scheme, host and port).</summary>
    public int MaxPerHost { get; init; } = 4;

    /// <summary>
    /// Attempts in a row that add no bytes to a file before it fails; 1 means no retries. An attempt that adds bytes
    /// (a body cut short, then resumed) starts the count again, so only <see cref="MaxTime"/> bounds a file that keeps
    /// making progress.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The longest one file may take from its first request to its end, back-offs included; null for no limit.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>The back-off before the second attempt; it doubles for each later one, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honoured; a server asking for more fails the file instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed to connect and receive the response headers, per attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time allowed without body bytes, per attempt (an attempt gives up between 7/8 of it and all of it after the last
    /// byte); the body as a whole has no time limit.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most redirects followed per request (0: none); only redirects to http:// and https:// URLs are followed.
    /// More fail the file with the chain of URLs in the message.
    /// </summary>
    public int MaxRedirects { get; init; } = 20;

    /// <summary>What to do when a file name is taken.</summary>
    public CollisionPolicy Collision { get; init; } = CollisionPolicy.Suffix;

    /// <summary>
    /// Whether to download a file only when the server's copy is newer than the one already under its final name, as
    /// wget's <c>-N</c>: the request carries <c>If-Modified-Since</c> with that file's time, and a 304 (or a 200 with the
    /// same length and a date no later) skips it. A newer copy replaces the file whatever <see cref="Collision"/> says,
    /// and every file saved takes the server's <c>Last-Modified</c> as its time, so rerunning a list downloads nothing.
    /// </summary>
    public bool Timestamping { get; init; }

    /// <summary>
    /// Whether to skip, without any request, a file whose final name already holds a file, as wget2's
    /// <c>--no-clobber</c>: it ends <see cref="DownloadState.Skipped"/> with no attempt, and the file is left as it is,
    /// whatever its bytes (unlike <see cref="Timestamping"/>, which asks the server whether its copy is newer). A
    /// <c>.part</c> beside it is not touched. It takes precedence over <see cref="Timestamping"/> and <see cref="Collision"/>
    /// for names taken before the batch started.
    /// </summary>
    public bool SkipExisting { get; init; }

    /// <summary>Whether to flush each file to the disk (fsync) before renaming it to its final name.</summary>
    public bool Fsync { get; init; }

    /// <summary>Whether a failed download keeps its <c>.part</c> file for a later resume (a cancelled one always does).</summary>
    public bool KeepPartialFiles { get; init; } = true;

    /// <summary>Whether to compute every file's SHA-256 (always done for requests that carry an expected one).</summary>
    public bool ComputeSha256 { get; init; }

    /// <summary>
    /// Whether to speak HTTP/2 from the first byte on http:// URLs (h2c with prior knowledge). Otherwise HTTP/2 is
    /// used over https:// when the server offers it, and HTTP/1.1 elsewhere.
    /// </summary>
    public bool Http2PriorKnowledge { get; init; }

    /// <summary>The largest receive buffer of a transfer (smaller for smaller files); it bounds the memory a transfer uses.</summary>
    public int BufferSize { get; init; } = 512 * 1024;

    /// <summary>The most body bytes per second all transfers together receive (measured on the loop's clock); null for no limit.</summary>
    public long? MaxBytesPerSecond { get; init; }

    /// <summary>
    /// How many connections one large file is fetched over at once, as aria2c's <c>-x</c>: a file whose server accepts
    /// ranges and names a validator is split into this many ranges (each at least <see cref="MinSplitSize"/>) written
    /// into one preallocated <c>.part</c>, each resumable on its own. A server that refuses ranges, or a file that
    /// changes meanwhile, falls back to one connection from zero. Segments do not count against the per-host limit.
    /// </summary>
    public int Split { get; init; } = 1;

    /// <summary>The smallest range worth its own connection when splitting.</summary>
    public long MinSplitSize { get; init; } = 1 << 20;

    /// <summary>Extra request headers, sent in this order on every request (<c>User-Agent</c> here replaces <see cref="UserAgent"/>).</summary>
    /// <remarks><c>Authorization</c> and <c>Cookie</c> are sent only to the URL's own scheme, host and port: a redirect elsewhere drops them.</remarks>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The <c>User-Agent</c> header.</summary>
    public string UserAgent { get; init; } = "triosharp-download/1.0";

    /// <summary>
    /// A user name and password sent with HTTP basic authentication, only to the URL's own scheme, host and port (a
    /// redirect to another host drops it, as curl does); never part of a message.
    /// </summary>
    public NetworkCredential? Credentials { get; init; }

    /// <summary>
    /// The proxy every request goes through; null to follow the environment (<c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>,
    /// <c>ALL_PROXY</c> and <c>NO_PROXY</c>, as HttpClient reads them). Ignored when the downloader is given its own handler.
    /// </summary>
    public Uri? Proxy { get; init; }

    /// <summary>
    /// The only certificate authorities trusted for https:// (instead of the system's), as curl's <c>--cacert</c>; null
    /// for the system's. Ignored when the downloader is given its own handler.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// Whether to accept any server certificate (expired, self-signed, for another name), as curl's <c>--insecure</c>:
    /// the connection is encrypted but the server is not authenticated. Ignored when the downloader is given its own handler.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>Where back-off jitter comes from (seed it for reproducible runs).</summary>
    // Unseeded by default on purpose: downloaders that back off in lockstep retry in lockstep.
#pragma warning disable RS0030 // Random.Shared is banned in src/ for reproducibility; this property is how a run fixes it.
    public Random Jitter { get; init; } = Random.Shared;
#pragma warning restore RS0030

    /// <summary>Throws if a setting is out of range.</summary>
    internal void Validate()
    {
        Check(MaxConcurrency >= 1, nameof(MaxConcurrency), "at least 1");
        Check(MaxPerHost >= 1, nameof(MaxPerHost), "at least 1");
        Check(MaxAttempts >= 1, nameof(MaxAttempts), "at least 1");
        Check(MaxBytesPerSecond is null or > 0, nameof(MaxBytesPerSecond), "positive");
        Check(Split >= 1, nameof(Split), "at least 1");
        Check(MinSplitSize >= 1, nameof(MinSplitSize), "at least 1");
        Check(MaxRedirects >= 0, nameof(MaxRedirects), "non-negative");
        Check(BufferSize >= 4096, nameof(BufferSize), "at least 4096");
        foreach (var (value, name) in new[]
                 {
                     (BaseDelay, nameof(BaseDelay)), (MaxDelay, nameof(MaxDelay)), (MaxRetryAfter, nameof(MaxRetryAfter)),
                     (ConnectTimeout, nameof(ConnectTimeout)), (StallTimeout, nameof(StallTimeout)), (MaxTime ?? TimeSpan.Zero, nameof(MaxTime)),
                 })
        {
            Check(value >= TimeSpan.Zero, name, "non-negative");
        }

        ArgumentNullException.ThrowIfNull(Directory);
        ArgumentNullException.ThrowIfNull(Headers);
        ArgumentNullException.ThrowIfNull(UserAgent);
        ArgumentNullException.ThrowIfNull(Jitter);
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"DownloadOptions.{name} must be {rule}.");
        }
    }
}
