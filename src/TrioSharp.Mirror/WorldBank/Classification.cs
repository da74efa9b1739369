namespace TrioSharp.Mirror;

/// <summary>An economy's fields from the WDI country table (WDICountry.csv): empty region for an aggregate.</summary>
/// <param name="Iso2">The two-character code.</param>
/// <param name="Region">The region's name, or empty for an aggregate.</param>
/// <param name="IncomeGroup">The income group's name, or empty (an aggregate, or an economy not classified).</param>
/// <param name="LendingCategory">IBRD, IDA or Blend, or empty (an aggregate, or not classified).</param>
internal sealed record Classification(string Iso2, string Region, string IncomeGroup, string LendingCategory)
{
    /// <summary>The API's ids of the regions, income groups and lending types, with their two-character codes.</summary>
    private static readonly Dictionary<string, (string Id, string Iso2)> Codes = new(StringComparer.Ordinal)
    {
        ["East Asia & Pacific"] = ("EAS", "Z4"),
        ["Europe & Central Asia"] = ("ECS", "Z7"),
        ["Latin America & Caribbean"] = ("LCN", "ZJ"),
        ["Middle East & North Africa"] = ("MEA", "ZQ"),
        ["North America"] = ("NAC", "XU"),
        ["South Asia"] = ("SAS", "8S"),
        ["Sub-Saharan Africa"] = ("SSF", "ZG"),
        ["High income"] = ("HIC", "XD"),
        ["Upper middle income"] = ("UMC", "XT"),
        ["Lower middle income"] = ("LMC", "XN"),
        ["Low income"] = ("LIC", "XM"),
        ["IBRD"] = ("IBD", "XF"),
        ["Blend"] = ("IDB", "XH"),
        ["IDA"] = ("IDX", "XI"),
    };

    /// <summary>Whether this row is an aggregate (a region, income group, ...) rather than an economy.</summary>
    public bool IsAggregate => Region.Length == 0;

    /// <summary>The country list's <c>region</c>, <c>incomeLevel</c> and <c>lendingType</c> objects, as the API writes them.</summary>
    public IEnumerable<(string Field, string Id, string Iso2, string Value)> ApiFields()
    {
        yield return IsAggregate ? ("region", "NA", "NA", "Aggregates") : Field("region", Region, ("NA", "NA"));
        yield return ("adminregion", string.Empty, string.Empty, string.Empty);
        yield return IsAggregate ? ("incomeLevel", "NA", "NA", "Aggregates") : Field("incomeLevel", IncomeGroup, ("INX", "XY"));
        yield return IsAggregate ? ("lendingType", string.Empty, string.Empty, "Aggregates") : Field("lendingType", LendingCategory, ("LNX", "XX"));
    }

    private static (string Field, string Id, string Iso2, string Value) Field(string field, string value, (string Id, string Iso2) unclassified) =>
        value.Length > 0 && Codes.TryGetValue(value, out var code) ? (field, code.Id, code.Iso2, value) : (field, unclassified.Id, unclassified.Iso2, "Not classified");
}
