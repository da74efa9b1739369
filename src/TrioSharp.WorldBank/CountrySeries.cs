namespace TrioSharp.WorldBank;

/// <summary>Every value of one indicator for one requested country, as one message of a streamed fetch.</summary>
/// <param name="CountryId">The id the query asked for (as given: a three- or two-character code).</param>
/// <param name="Values">The observations, newest first as the API sends them; empty when the API has no data for the country.</param>
public sealed record CountrySeries(string CountryId, IReadOnlyList<IndicatorValue> Values)
{
    /// <summary>The value for the yearly date <paramref name="year"/>, or null when it is missing.</summary>
    public double? ValueFor(int year)
    {
        var date = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Values.FirstOrDefault(v => v.Date == date)?.Value;
    }

    /// <summary>
    /// The change from <paramref name="fromYear"/> to <paramref name="toYear"/> in percent of the first value,
    /// or null when either value is missing or the first is zero.
    /// </summary>
    public double? GrowthPercent(int fromYear, int toYear) =>
        ValueFor(fromYear) is { } first && ValueFor(toYear) is { } last && first != 0
            ? (last - first) / first * 100
            : null;
}
