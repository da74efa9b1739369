using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary>What <c>wb data</c> fetched: the countries, and per indicator one series per country in the same order.</summary>
internal sealed record WbDataTable(IReadOnlyList<Country> Countries, IReadOnlyDictionary<string, IReadOnlyList<CountrySeries>> Series)
{
    /// <summary>The years any series has a row for, oldest first.</summary>
    public IReadOnlyList<int> Years { get; } = [.. Series.Values.SelectMany(s => s).SelectMany(s => s.Values).Select(v => v.Year).Distinct().Order()];

    /// <summary>Whether the country at <paramref name="index"/> has a row for <paramref name="year"/> in any indicator.</summary>
    public bool HasRow(int index, int year) => Series.Values.Any(s => s[index].Values.Any(v => v.Year == year));
}
