using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Which rows of the country list to keep: economies or aggregates, and regions, income levels and lending types,
/// each matched by the API's id (<c>SSF</c>, <c>HIC</c>, <c>IDX</c>) or name (<c>Sub-Saharan Africa</c>), ignoring case.
/// </summary>
/// <param name="Aggregates">True for aggregates only, false for economies only, null for both.</param>
/// <param name="Regions">Regions to keep (any of them); empty keeps all.</param>
/// <param name="IncomeLevels">Income levels to keep; empty keeps all.</param>
/// <param name="LendingTypes">Lending types to keep; empty keeps all.</param>
internal sealed record CountryFilter(bool? Aggregates, IReadOnlyList<string> Regions, IReadOnlyList<string> IncomeLevels, IReadOnlyList<string> LendingTypes)
{
    /// <summary>Keeps every row.</summary>
    public static CountryFilter None { get; } = new(null, [], [], []);

    /// <summary>Whether the filter keeps every row.</summary>
    public bool KeepsAll => Aggregates is null && Regions.Count == 0 && IncomeLevels.Count == 0 && LendingTypes.Count == 0;

    /// <summary>Whether <paramref name="country"/> passes the filter.</summary>
    public bool Keeps(Country country) =>
        (Aggregates is not { } aggregates || country.IsAggregate == aggregates)
        && Any(Regions, country.RegionId, country.Region)
        && Any(IncomeLevels, country.IncomeLevelId, country.IncomeLevel)
        && Any(LendingTypes, country.LendingTypeId, country.LendingType);

    private static bool Any(IReadOnlyList<string> wanted, string id, string name) =>
        wanted.Count == 0 || wanted.Any(w => (id.Length > 0 && w.Equals(id, StringComparison.OrdinalIgnoreCase)) || (name.Length > 0 && w.Equals(name, StringComparison.OrdinalIgnoreCase)));
}
