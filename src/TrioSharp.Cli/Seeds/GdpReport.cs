using System.Globalization;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Seeds;

/// <summary>The part tasks 3a and 3b share: the client, the country list, the query per country, and the final report.</summary>
internal static class GdpReport
{
    /// <summary>A World Bank client for the seed: the API (or its stand-in) at <paramref name="worldBank"/>, no cache.</summary>
    public static WorldBankClient Client(HttpClient http, Uri worldBank) =>
        new(http, new WorldBankClientOptions { BaseAddress = worldBank });

    /// <summary>The seed's <c>base_gdp_url</c> for one country: GDP from 1999 to 2019.</summary>
    public static IndicatorQuery GdpQuery(string countryStr) => new([countryStr], IndicatorQuery.GdpCurrentUsd, 1999, 2019);

    /// <summary>Fetches the first 20 countries of the country list: their ids in order, and id → name.</summary>
    public static async Task<(List<string> CountryIds, Dictionary<string, string> CountryMapping)> FirstTwentyCountriesAsync(WorldBankClient client)
    {
        var countries = await client.GetCountriesAsync(first: 20);
        return (countries.Select(c => c.Id).ToList(), countries.ToDictionary(c => c.Id, c => c.Name));
    }

    /// <summary>One line of the seed's report: the growth in percent with two decimals, or <c>Missing data</c>.</summary>
    public static string Line(string name, double? growth, string label = "GDP Growth") =>
        growth is { } g ? $"{name} {label}: {g.ToString("F2", CultureInfo.InvariantCulture)}%" : $"{name} Missing data";

    /// <summary>Prints GDP growth from 1999 to 2019 for each country, as the seed does.</summary>
    public static void Print(TextWriter output, IEnumerable<string> countryIds, IReadOnlyDictionary<string, string> countryMapping, IEnumerable<IReadOnlyList<IndicatorValue>> allDfs)
    {
        // The seed's DataFrames drop null values, so a year whose value is null counts as missing.
        var finalDf = allDfs.SelectMany(df => df).Where(row => row.Value is not null).ToList();
        foreach (var id in countryIds)
        {
            var group = finalDf.Where(row => row.CountryIso3Code == id).ToList();
            var gdp1 = group.FirstOrDefault(row => row.Date == "1999");
            var gdp2 = group.FirstOrDefault(row => row.Date == "2019");

            // The seed takes int() of both values before dividing.
            var growth = gdp1 is null || gdp2 is null
                ? (double?)null
                : (Math.Truncate(gdp2.Value!.Value) - Math.Truncate(gdp1.Value!.Value)) / Math.Truncate(gdp1.Value!.Value) * 100;
            output.WriteLine(Line(countryMapping[id], growth));
        }
    }
}
