namespace TrioSharp.WorldBank;

/// <summary>One row of the World Bank's country list: an economy, or an aggregate such as a region or income group.</summary>
/// <param name="Id">The three-character id the API sorts by (<c>ABW</c>, <c>AFE</c>, ...); use it in queries.</param>
/// <param name="Iso2Code">The two-character code (<c>AW</c>), which queries also accept; empty where the API gives none.</param>
/// <param name="Name">The display name.</param>
/// <param name="Region">The region's name (<c>Aggregates</c> for aggregates); empty where the API gives none.</param>
/// <param name="IncomeLevel">The income group's name; empty where the API gives none.</param>
/// <param name="LendingType">The lending type's name; empty where the API gives none.</param>
/// <param name="CapitalCity">The capital's name; empty for aggregates.</param>
/// <remarks>Text fields are trimmed: the API sends some region names with a trailing space.</remarks>
public sealed record Country(string Id, string Iso2Code, string Name, string Region, string IncomeLevel, string LendingType, string CapitalCity);
