using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary>One country's result: its row of the country list, its values, and its growth over the years asked for.</summary>
/// <param name="Country">The country.</param>
/// <param name="Series">Its values (empty when the API has none).</param>
/// <param name="Growth">Growth from the first to the last year in percent, or null when either value is missing.</param>
internal sealed record GdpRow(Country Country, CountrySeries Series, double? Growth);
