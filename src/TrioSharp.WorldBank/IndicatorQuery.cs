namespace TrioSharp.WorldBank;

/// <summary>What to fetch: one indicator for a set of countries over a range of years.</summary>
public sealed class IndicatorQuery
{
    /// <summary>GDP in current US dollars, the indicator of the seed's tasks 3a and 3b.</summary>
    public const string GdpCurrentUsd = "NY.GDP.MKTP.CD";

    /// <summary>Creates a query, checking its parts.</summary>
    /// <param name="countryIds">Country ids from the country list (three- or two-character codes); at least one.</param>
    /// <param name="indicator">The indicator's id, such as <see cref="GdpCurrentUsd"/>.</param>
    /// <param name="fromYear">The first year, inclusive.</param>
    /// <param name="toYear">The last year, inclusive; not before <paramref name="fromYear"/>.</param>
    /// <exception cref="ArgumentException">No country, an empty id, an id or indicator with characters a URL path cannot hold, or <paramref name="fromYear"/> after <paramref name="toYear"/>.</exception>
    public IndicatorQuery(IEnumerable<string> countryIds, string indicator, int fromYear, int toYear)
    {
        ArgumentNullException.ThrowIfNull(countryIds);
        CountryIds = [.. countryIds];
        if (CountryIds.Count == 0)
        {
            throw new ArgumentException("An indicator query needs at least one country id.", nameof(countryIds));
        }

        foreach (var id in CountryIds)
        {
            CheckSegment(id, "country id", nameof(countryIds));
        }

        CheckSegment(indicator, "indicator", nameof(indicator));
        if (fromYear > toYear)
        {
            throw new ArgumentException($"The first year ({fromYear}) is after the last year ({toYear}).", nameof(fromYear));
        }

        Indicator = indicator;
        FromYear = fromYear;
        ToYear = toYear;
    }

    private readonly int? _mostRecentValues;

    /// <summary>The countries, in the order given.</summary>
    public IReadOnlyList<string> CountryIds { get; }

    /// <summary>The indicator's id.</summary>
    public string Indicator { get; }

    /// <summary>The first year, inclusive.</summary>
    public int FromYear { get; }

    /// <summary>The last year, inclusive.</summary>
    public int ToYear { get; }

    /// <summary>
    /// When set, asks for the N most recent years with a value for any of the countries (the API's <c>mrv</c>: the
    /// same years for all of them) instead of <see cref="FromYear"/> to <see cref="ToYear"/>; null (the default) for the range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int? MostRecentValues
    {
        get => _mostRecentValues;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The number of most recent values must be at least 1.");
            }

            _mostRecentValues = value;
        }
    }

    /// <summary>The same indicator and years for other countries.</summary>
    internal IndicatorQuery ForCountries(IEnumerable<string> countryIds) => new(countryIds, Indicator, FromYear, ToYear) { MostRecentValues = MostRecentValues };

    private static void CheckSegment(string value, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(['/', '?', '#', ';', '&', '%', ' ']) >= 0)
        {
            throw new ArgumentException($"'{value}' is not a valid {what}: it must be non-empty, without spaces or any of / ? # ; & %.", parameter);
        }
    }
}
