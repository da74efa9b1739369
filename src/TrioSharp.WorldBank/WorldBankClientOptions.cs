namespace TrioSharp.WorldBank;

/// <summary>Settings for a <see cref="WorldBankClient"/>; the defaults suit the real API.</summary>
public sealed record WorldBankClientOptions
{
    /// <summary>The real API's root.</summary>
    public static readonly Uri RealApi = new("https://api.worldbank.org/");

    /// <summary>The API's root, <see cref="RealApi"/> by default; a trailing <c>v2/</c> is accepted and ignored.</summary>
    public Uri BaseAddress { get; init; } = RealApi;

    /// <summary>How many requests may be in flight at once (the client's <see cref="CapacityLimiter"/>); 5 by default.</summary>
    public int MaxConcurrency { get; init; } = 5;

    /// <summary>How many country ids one indicator request carries (joined with <c>;</c>); 1 by default, as the seed asks.</summary>
    public int CountriesPerRequest { get; init; } = 1;

    /// <summary>The <c>per_page</c> sent with every request, or null to send none and take the API's default (50).</summary>
    public int? PerPage { get; init; }

    /// <summary>How many times one request is tried before its failure is raised; 4 by default, 1 turns retries off.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The backoff before the first retry; each later one doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest backoff, and the longest <c>Retry-After</c> the client is willing to wait.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt (connect, headers and body) may take on the loop's clock before it counts as a time-out.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A directory where successful answers are kept, keyed by URL, and read back instead of asking again; null (the default) for no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>How old a cache entry may be and still answer (one day by default); older ones are fetched again.</summary>
    public TimeSpan CacheMaxAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Whether to answer from fresh entries, refresh them all, or use the cache alone.</summary>
    public WorldBankCachePolicy CachePolicy { get; init; } = WorldBankCachePolicy.UseFresh;

    /// <summary>
    /// The clock cache entries are stamped with when written and aged by when read: a wall clock by default, since
    /// entries outlive a run (the loop's virtual clock would restart at zero); tests pass their own.
    /// </summary>
    public TimeProvider CacheClock { get; init; } = TimeProvider.System;

    /// <summary>The source of backoff jitter; null uses the unseeded <c>Random.Shared</c>. Tests pass a fixed one.</summary>
    public Random? Jitter { get; init; }
}
