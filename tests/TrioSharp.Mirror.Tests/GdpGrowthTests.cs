using System.Globalization;
using System.Text.Json;

namespace TrioSharp.Mirror.Tests;

public class GdpGrowthTests
{
    // The seed's expected output for tasks 3a and 3b (../shared/seed/trio-exercises.md), in the seed's order.
    private static readonly string[] SeedLines =
    [
        "Aruba GDP Growth: 97.10%",
        "Africa Eastern and Southern GDP Growth: 280.41%",
        "Afghanistan Missing data",
        "Africa Missing data",
        "Africa Western and Central GDP Growth: 492.60%",
        "Angola GDP Growth: 1052.26%",
        "Albania GDP Growth: 385.20%",
        "Andorra GDP Growth: 154.39%",
        "Arab World GDP Growth: 335.67%",
        "United Arab Emirates GDP Growth: 394.98%",
        "Argentina GDP Growth: 57.93%",
        "Armenia GDP Growth: 637.98%",
        "American Samoa Missing data",
        "Antigua and Barbuda GDP Growth: 106.50%",
        "Australia GDP Growth: 257.43%",
        "Austria GDP Growth: 104.69%",
        "Azerbaijan GDP Growth: 951.55%",
        "Burundi GDP Growth: 218.85%",
        "East Asia & Pacific (IBRD-only countries) Missing data",
        "Europe & Central Asia (IBRD-only countries) Missing data",
    ];

    [Fact]
    public async Task Mirror_SeedsFirstTwentyCountries_GiveTheSeedsGdpGrowthLines()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var countries = await client.GetJsonAsync("v2/country?format=json");

        var lines = new List<string>();
        foreach (var country in countries.RootElement[1].EnumerateArray().Take(20))
        {
            var id = country.GetProperty("id").GetString();
            var name = country.GetProperty("name").GetString();
            using var series = await client.GetJsonAsync($"v2/country/{id}/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json");
            var gdp1999 = ValueOf(series.RootElement, "1999");
            var gdp2019 = ValueOf(series.RootElement, "2019");
            lines.Add(gdp1999 is { } from && gdp2019 is { } to
                ? $"{name} GDP Growth: {((to - from) / from * 100).ToString("F2", CultureInfo.InvariantCulture)}%"
                : $"{name} Missing data");
        }

        Assert.Equal(SeedLines, lines);
    }

    /// <summary>The seed's <c>int(value)</c> of a year's row, or null when the value or the whole series is missing.</summary>
    private static double? ValueOf(JsonElement answer, string year)
    {
        if (answer[1].ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var value = answer[1].EnumerateArray().Single(row => row.GetProperty("date").GetString() == year).GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : Math.Truncate(value.GetDouble());
    }
}
