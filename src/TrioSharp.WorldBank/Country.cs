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
public sealed record Country(string Id, string Iso2Code, string Name, string Region, string IncomeLevel, string LendingType, string CapitalCity)
{
    /// <summary>The region's id (<c>LCN</c>; <c>NA</c> for aggregates); empty where the API gives none.</summary>
    public string RegionId { get; init; } = string.Empty;

    /// <summary>The income group's id (<c>HIC</c>, <c>UMC</c>, <c>LMC</c>, <c>LIC</c>, <c>INX</c>; <c>NA</c> for aggregates); empty where the API gives none.</summary>
    public string IncomeLevelId { get; init; } = string.Empty;

    /// <summary>The lending type's id (<c>IBD</c>, <c>IDB</c>, <c>IDX</c>, <c>LNX</c>); empty for aggregates and where the API gives none.</summary>
    public string LendingTypeId { get; init; } = string.Empty;

    /// <summary>Whether the row is an aggregate (a region, income group, ...) rather than an economy: the API gives its region as <c>Aggregates</c>.</summary>
    public bool IsAggregate => Region == "Aggregates";
}
