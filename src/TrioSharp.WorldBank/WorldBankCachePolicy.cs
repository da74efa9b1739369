namespace TrioSharp.WorldBank;

/// <summary>How <see cref="WorldBankClient"/> uses its on-disk cache (<see cref="WorldBankClientOptions.CacheDirectory"/>).</summary>
public enum WorldBankCachePolicy
{
    /// <summary>Answer from entries younger than <see cref="WorldBankClientOptions.CacheMaxAge"/>; fetch (and store) the rest.</summary>
    UseFresh,

    /// <summary>Fetch everything again and store it, whatever the cache holds.</summary>
    Refresh,

    /// <summary>
    /// Answer from the cache alone, whatever the entries' age, sending no request; a page not in the cache fails with
    /// a <see cref="WorldBankException"/> naming its URL.
    /// </summary>
    CacheOnly,
}
