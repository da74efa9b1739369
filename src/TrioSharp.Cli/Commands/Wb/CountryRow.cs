namespace TrioSharp.Cli.Commands;

/// <summary>One row of <c>wb countries --json</c>.</summary>
internal sealed record CountryRow(
    string Id, string Iso2, string Name, bool Aggregate, string RegionId, string Region, string IncomeId, string Income, string LendingId, string Lending, string CapitalCity);
