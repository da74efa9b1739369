using System.Net;
using System.Text.Json;

namespace TrioSharp.Mirror.Tests;

public class WorldBankCountryTests
{
    // All rows: the CSV's 266 economies plus AFR, BEA and BEC, which are in the list but have no WDI row.
    private const int AllRows = 269;

    [Fact]
    public async Task CountryList_FirstPage_HasFiftyRows()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country?format=json");

        Assert.Equal(50, json.RootElement[1].GetArrayLength());
    }

    [Fact]
    public async Task CountryList_FirstPage_MetaHasPerPageAsStringAndTotalOfAllRows()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country?format=json");

        var meta = json.RootElement[0];
        Assert.Equal(1, meta.GetProperty("page").GetInt32());
        Assert.Equal(6, meta.GetProperty("pages").GetInt32());
        Assert.Equal(JsonValueKind.String, meta.GetProperty("per_page").ValueKind);
        Assert.Equal("50", meta.GetProperty("per_page").GetString());
        Assert.Equal(AllRows, meta.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CountryList_FirstPage_StartsWithTheRecordedTwentyIdsInOrder()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country?format=json");

        // The ids of countries-first20.json, in the file's order.
        string[] recorded =
        [
            "ABW", "AFE", "AFG", "AFR", "AFW", "AGO", "ALB", "AND", "ARB", "ARE",
            "ARG", "ARM", "ASM", "ATG", "AUS", "AUT", "AZE", "BDI", "BEA", "BEC",
        ];
        var ids = json.RootElement[1].EnumerateArray().Take(20).Select(row => row.GetProperty("id").GetString()).ToArray();
        Assert.Equal(recorded, ids);
    }

    [Fact]
    public async Task CountryList_RecordedRow_IsServedFieldForFieldWithTrailingSpaces()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country?format=json");

        var aruba = json.RootElement[1][0];
        Assert.Equal("AW", aruba.GetProperty("iso2Code").GetString());
        Assert.Equal("Aruba", aruba.GetProperty("name").GetString());
        Assert.Equal("Latin America & Caribbean ", aruba.GetProperty("region").GetProperty("value").GetString());
        Assert.Equal("Oranjestad", aruba.GetProperty("capitalCity").GetString());
    }

    [Fact]
    public async Task CountryList_SmallPerPage_WalksEveryRowExactlyOnce()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var whole = await client.GetJsonAsync("v2/country?format=json&per_page=1000");
        var expected = whole.RootElement[1].EnumerateArray().Select(row => row.GetProperty("id").GetString()).ToList();

        var walked = new List<string?>();
        int pages;
        var page = 1;
        do
        {
            using var json = await client.GetJsonAsync($"v2/country?format=json&per_page=7&page={page}");
            var meta = json.RootElement[0];
            Assert.Equal(page, meta.GetProperty("page").GetInt32());
            pages = meta.GetProperty("pages").GetInt32();
            walked.AddRange(json.RootElement[1].EnumerateArray().Select(row => row.GetProperty("id").GetString()));
            page++;
        }
        while (page <= pages);

        Assert.Equal(39, pages);
        Assert.Equal(AllRows, expected.Count);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task CountryList_WithoutFormatJson_AnswersXml()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("v2/country");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<?xml", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Country_UnknownId_AnswersMessage120WithHttp200()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("v2/country/XYZ?format=json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorldBankShapes.InvalidValue, body);
    }

    [Fact]
    public async Task Country_RowBeyondTheRecorded_HasTheWdiTablesClassification()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country/USA?format=json");

        var usa = json.RootElement[1][0];
        Assert.Equal("US", usa.GetProperty("iso2Code").GetString());
        Assert.Equal(("NAC", "North America"), Named(usa, "region"));
        Assert.Equal(("HIC", "High income"), Named(usa, "incomeLevel"));
        Assert.Equal(("LNX", "Not classified"), Named(usa, "lendingType"));
    }

    [Fact]
    public async Task Country_AggregateBeyondTheRecorded_IsInRegionAggregates()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country/WLD?format=json");

        var world = json.RootElement[1][0];
        Assert.Equal(("NA", "Aggregates"), Named(world, "region"));
        Assert.Equal(("NA", "Aggregates"), Named(world, "incomeLevel"));
        Assert.Equal((string.Empty, "Aggregates"), Named(world, "lendingType"));
    }

    [Fact]
    public async Task Indicator_Iso2IdOfARowBeyondTheRecorded_AnswersForThatEconomy()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country/US/indicator/NY.GDP.MKTP.CD?format=json&date=2019");

        var row = Assert.Single(json.RootElement[1].EnumerateArray());
        Assert.Equal("USA", row.GetProperty("countryiso3code").GetString());
        Assert.Equal("US", row.GetProperty("country").GetProperty("id").GetString());
    }

    private static (string? Id, string? Value) Named(JsonElement row, string field) =>
        (row.GetProperty(field).GetProperty("id").GetString(), row.GetProperty(field).GetProperty("value").GetString());
}
