namespace TrioSharp.Mirror;

/// <summary>One series of the WDI catalogue.</summary>
/// <param name="Id">The series code (<c>EN.ATM.CO2E.KT</c>).</param>
/// <param name="Name">The indicator's name.</param>
/// <param name="Topic">The WDI topic path (<c>Environment: Emissions</c>).</param>
/// <param name="Definition">The long definition, served as <c>sourceNote</c>.</param>
/// <param name="Source">The source, served as <c>sourceOrganization</c>.</param>
internal sealed record CatalogueSeries(string Id, string Name, string Topic, string Definition, string Source);
