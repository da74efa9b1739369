namespace TrioSharp.Mirror;

/// <summary>One row of the country list, with its GDP series when it is a WDI economy.</summary>
/// <param name="Id">The ISO3-style id (ABW, AFE, ...).</param>
/// <param name="Iso2">The two-character code, or null where it is not known.</param>
/// <param name="Name">The display name.</param>
/// <param name="RecordedJson">The row exactly as recorded from the real API, or null for rows known only from the CSV.</param>
/// <param name="Gdp">Year → the value's JSON number text (null = missing); null when the economy has no WDI row.</param>
internal sealed record Economy(string Id, string? Iso2, string Name, string? RecordedJson, IReadOnlyDictionary<int, string?>? Gdp)
{
    /// <summary>Its region, income group and lending category from the WDI country table, or null where the table has no row.</summary>
    public Classification? Classification { get; init; }
}
