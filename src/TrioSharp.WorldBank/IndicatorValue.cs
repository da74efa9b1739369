namespace TrioSharp.WorldBank;

/// <summary>One observation of an indicator: a country's value for one date.</summary>
/// <param name="IndicatorId">The indicator's id (<c>NY.GDP.MKTP.CD</c>).</param>
/// <param name="IndicatorName">The indicator's display name (<c>GDP (current US$)</c>).</param>
/// <param name="CountryId">The country's id as the API's <c>country.id</c> field gives it (often the two-character code).</param>
/// <param name="CountryIso3Code">The country's three-character id (<c>countryiso3code</c>), as in the country list.</param>
/// <param name="CountryName">The country's display name.</param>
/// <param name="Date">The date as the API writes it: <c>2019</c>, or <c>2019Q1</c> / <c>2019M01</c> for sub-annual indicators.</param>
/// <param name="Year">The year that <paramref name="Date"/> falls in.</param>
/// <param name="Value">The value, or null where the API has none for that date (a missing value, not zero).</param>
public sealed record IndicatorValue(
    string IndicatorId,
    string IndicatorName,
    string CountryId,
    string CountryIso3Code,
    string CountryName,
    string Date,
    int Year,
    double? Value);
