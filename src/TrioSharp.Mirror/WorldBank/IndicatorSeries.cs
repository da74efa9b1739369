namespace TrioSharp.Mirror;

/// <summary>One indicator the mirror serves: its values by economy id and year.</summary>
/// <param name="Id">The indicator's id (<c>EN.ATM.CO2E.KT</c>).</param>
/// <param name="Name">Its display name (<c>CO2 emissions (kt)</c>).</param>
/// <param name="LastUpdated">The release date sent as <c>lastupdated</c>.</param>
/// <param name="Values">Economy id → year → the value's JSON number text (null = missing).</param>
internal sealed record IndicatorSeries(string Id, string Name, string LastUpdated, IReadOnlyDictionary<string, IReadOnlyDictionary<int, string?>> Values);
