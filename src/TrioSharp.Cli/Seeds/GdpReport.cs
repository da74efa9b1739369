using System.Globalization;
using System.Text.Json;

namespace TrioSharp.Cli.Seeds;

/// <summary>The part tasks 3a and 3b share: the country list, the URLs, one response's rows, and the final report.</summary>
internal static class GdpReport
{
    /// <summary>The seed's <c>base_gdp_url</c> for one country, under the World Bank API's root.</summary>
    public static Uri GdpUrl(Uri worldBank, string countryStr) =>
        new(worldBank, $"v2/country/{countryStr}/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json");

    /// <summary>One row of an indicator response (the seed turns each response into a DataFrame of these).</summary>
    internal sealed record GdpRow(string CountryIso3Code, string Date, double? Value);

    /// <summary>Fetches the first 20 countries of the country list: their ids in order, and id → name.</summary>
    public static async Task<(List<string> CountryIds, Dictionary<string, string> CountryMapping)> FirstTwentyCountriesAsync(
        HttpClient client, Uri worldBank)
    {
        using var document = await SeedIo.GetJsonAsync(client, new Uri(worldBank, "v2/country?format=json"), Trio.CurrentCancellationToken);
        var countries = Rows(document, "v2/country").Take(20).ToList();
        return (
            countries.Select(c => c.GetProperty("id").GetString()!).ToList(),
            countries.ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("name").GetString()!));
    }

    /// <summary>The rows of one indicator response; the no-data answer (rows = null) gives none.</summary>
    public static List<GdpRow> ToRows(JsonDocument document, Uri url) =>
        Rows(document, url.ToString()).Select(row => new GdpRow(
                row.GetProperty("countryiso3code").GetString()!,
                row.GetProperty("date").GetString()!,
                row.GetProperty("value").ValueKind == JsonValueKind.Number ? row.GetProperty("value").GetDouble() : null))
            .ToList();

    /// <summary>Prints GDP growth from 1999 to 2019 for each country, as the seed does.</summary>
    public static void Print(TextWriter output, IEnumerable<string> countryIds, IReadOnlyDictionary<string, string> countryMapping, IEnumerable<List<GdpRow>> allDfs)
    {
        // The seed's DataFrames drop null values, so a year whose value is null counts as missing.
        var finalDf = allDfs.SelectMany(df => df).Where(row => row.Value is not null).ToList();
        foreach (var id in countryIds)
        {
            var group = finalDf.Where(row => row.CountryIso3Code == id).ToList();
            var gdp1 = group.FirstOrDefault(row => row.Date == "1999");
            var gdp2 = group.FirstOrDefault(row => row.Date == "2019");
            if (gdp1 is null || gdp2 is null)
            {
                output.WriteLine($"{countryMapping[id]} Missing data");
            }
            else
            {
                var first = Math.Truncate(gdp1.Value!.Value);
                var last = Math.Truncate(gdp2.Value!.Value);
                var growth = (last - first) / first * 100;
                output.WriteLine($"{countryMapping[id]} GDP Growth: {growth.ToString("F2", CultureInfo.InvariantCulture)}%");
            }
        }
    }

    private static JsonElement.ArrayEnumerator Rows(JsonDocument document, string what)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            throw new SeedException($"{what} answered JSON that is not the World Bank's [meta, rows] shape.");
        }

        if (root[0].TryGetProperty("message", out var message))
        {
            var first = message[0];
            throw new SeedException(
                $"the World Bank API rejected {what}: message {first.GetProperty("id").GetString()} ({first.GetProperty("value").GetString()}).");
        }

        return root.GetArrayLength() > 1 && root[1].ValueKind == JsonValueKind.Array ? root[1].EnumerateArray() : default;
    }
}
