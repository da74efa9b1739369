namespace TrioSharp.WorldBank;

/// <summary>One series of the indicator catalogue (<c>/v2/indicator</c>).</summary>
/// <param name="Id">The indicator's id (<c>EN.ATM.CO2E.KT</c>).</param>
/// <param name="Name">Its name (<c>CO2 emissions (kt)</c>).</param>
/// <param name="SourceName">The database it comes from (<c>World Development Indicators</c>).</param>
/// <param name="SourceNote">Its definition.</param>
/// <param name="SourceOrganization">Who produces the data.</param>
/// <param name="Topics">The topics it is filed under.</param>
public sealed record IndicatorMetadata(string Id, string Name, string SourceName, string SourceNote, string SourceOrganization, IReadOnlyList<string> Topics);
