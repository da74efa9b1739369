namespace TrioSharp.Cli.Commands;

/// <summary>What <c>triosharp gdp</c> was asked to do, checked.</summary>
internal sealed record GdpSettings
{
    /// <summary>The first N countries of the list, or null when <see cref="CountryIds"/> names them (both null: all).</summary>
    public int? FirstCountries { get; init; }

    /// <summary>The countries named on the command line, or null.</summary>
    public IReadOnlyList<string>? CountryIds { get; init; }

    /// <summary>Which rows of the country list to keep (economies, aggregates, regions, income levels, lending types).</summary>
    public CountryFilter Filter { get; init; } = CountryFilter.None;

    /// <summary>The indicator's id.</summary>
    public required string Indicator { get; init; }

    /// <summary>The first year.</summary>
    public int From { get; init; }

    /// <summary>The last year.</summary>
    public int To { get; init; }

    /// <summary>How many requests may be in flight at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>How many countries one request carries.</summary>
    public int Batch { get; init; }

    /// <summary>The API's root given with <c>--base-url</c>, or null.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Whether to serve the API from the embedded mirror.</summary>
    public bool Offline { get; init; }

    /// <summary>Where answers are cached, or null for no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>How old a cached answer may be.</summary>
    public TimeSpan CacheMaxAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Whether to use fresh cache entries, refresh them, or use the cache alone.</summary>
    public WorldBank.WorldBankCachePolicy CachePolicy { get; init; }

    /// <summary>How to print the results.</summary>
    public GdpFormat Format { get; init; }

    /// <summary>Whether to report requests, cache hits and the fetch's duration on standard error.</summary>
    public bool Verbose { get; init; }

    /// <summary>Where to draw the growth chart (.png or .svg), or null for none.</summary>
    public string? ChartPath { get; init; }

    /// <summary>The label of the seed's lines: <c>GDP Growth</c> for GDP, <c>Growth</c> for other indicators.</summary>
    public string GrowthLabel => Indicator == WorldBank.IndicatorQuery.GdpCurrentUsd ? "GDP Growth" : "Growth";
}
