using System.Net;
using System.Text.Json;

namespace TrioSharp.Mirror.Tests;

public class WorldBankIndicatorTests
{
    private const string Gdp = "indicator/NY.GDP.MKTP.CD";

    [Fact]
    public async Task Indicator_OneCountryTwentyOneYears_GivesTwentyOneRowsNewestFirst()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/ABW/{Gdp}?date=1999:2019&format=json");

        var dates = json.RootElement[1].EnumerateArray().Select(row => row.GetProperty("date").GetString()).ToArray();
        Assert.Equal(Enumerable.Range(1999, 21).Reverse().Select(year => year.ToString(System.Globalization.CultureInfo.InvariantCulture)), dates);
    }

    [Fact]
    public async Task Indicator_OneCountry_MetaHasNumericPaging()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/ABW/{Gdp}?date=1999:2019&format=json");

        var meta = json.RootElement[0];
        Assert.Equal(1, meta.GetProperty("page").GetInt32());
        Assert.Equal(1, meta.GetProperty("pages").GetInt32());
        Assert.Equal(50, meta.GetProperty("per_page").GetInt32());
        Assert.Equal(21, meta.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Indicator_OneCountry_RowHasTheRealShape()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/ABW/{Gdp}?date=1999:2019&format=json");

        var row = json.RootElement[1][0];
        Assert.Equal("NY.GDP.MKTP.CD", row.GetProperty("indicator").GetProperty("id").GetString());
        Assert.Equal("GDP (current US$)", row.GetProperty("indicator").GetProperty("value").GetString());
        Assert.Equal("AW", row.GetProperty("country").GetProperty("id").GetString());
        Assert.Equal("Aruba", row.GetProperty("country").GetProperty("value").GetString());
        Assert.Equal("ABW", row.GetProperty("countryiso3code").GetString());
        Assert.Equal(3395798882.68156, row.GetProperty("value").GetDouble());
        Assert.Equal(0, row.GetProperty("decimal").GetInt32());
    }

    [Fact]
    public async Task Indicator_SingleYear_GivesOneRow()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/ABW/{Gdp}?date=2019&format=json");

        var only = Assert.Single(json.RootElement[1].EnumerateArray());
        Assert.Equal("2019", only.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Indicator_IdsJoinedWithSemicolon_GivesEachCountrysRowsInRequestOrder()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/AUS;ABW/{Gdp}?date=2018:2019&format=json");

        var rows = json.RootElement[1].EnumerateArray()
            .Select(row => $"{row.GetProperty("countryiso3code").GetString()} {row.GetProperty("date").GetString()}")
            .ToArray();
        Assert.Equal(["AUS 2019", "AUS 2018", "ABW 2019", "ABW 2018"], rows);
    }

    [Fact]
    public async Task Indicator_SmallPerPage_SplitsRowsOverPages()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/AUS;ABW/{Gdp}?date=2018:2019&format=json&per_page=3&page=2");

        var meta = json.RootElement[0];
        Assert.Equal(2, meta.GetProperty("pages").GetInt32());
        Assert.Equal(4, meta.GetProperty("total").GetInt32());
        var only = Assert.Single(json.RootElement[1].EnumerateArray());
        Assert.Equal("ABW", only.GetProperty("countryiso3code").GetString());
        Assert.Equal("2018", only.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Indicator_MissingValue_IsKeptAsJsonNull()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/AFG/{Gdp}?date=1999:2019&format=json");

        var rows = json.RootElement[1].EnumerateArray().ToArray();
        Assert.Equal(21, rows.Length);
        var year1999 = Assert.Single(rows, row => row.GetProperty("date").GetString() == "1999");
        Assert.Equal(JsonValueKind.Null, year1999.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task Indicator_AggregateWithoutData_GivesTheNoDataAnswer()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync($"v2/country/AFR/{Gdp}?date=1999:2019&format=json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorldBankShapes.NoData, body);
    }

    [Fact]
    public async Task Indicator_UnknownCountry_AnswersMessage120WithHttp200()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync($"v2/country/ABW;XYZ/{Gdp}?date=1999:2019&format=json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorldBankShapes.InvalidValue, body);
    }

    [Fact]
    public async Task Indicator_UnknownIndicator_AnswersMessage120WithHttp200()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("v2/country/ABW/indicator/NOT.AN.INDICATOR?date=1999:2019&format=json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorldBankShapes.InvalidValue, body);
    }

    [Fact]
    public async Task Indicator_WithoutFormatJson_AnswersXml()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync($"v2/country/ABW/{Gdp}?date=1999:2019");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<?xml", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indicator_Co2Emissions_ServesTheWdiValuesWithTheirName()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country/USA/indicator/EN.ATM.CO2E.KT?date=2019&format=json");

        var row = Assert.Single(json.RootElement[1].EnumerateArray());
        Assert.Equal("CO2 emissions (kt)", row.GetProperty("indicator").GetProperty("value").GetString());
        Assert.Equal(4817720.21484375, row.GetProperty("value").GetDouble());
        Assert.Equal("2022-07-20", json.RootElement[0].GetProperty("lastupdated").GetString());
    }

    [Fact]
    public async Task Indicator_ForestArea_ServesTheWdiValues()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/country/CHN/indicator/AG.LND.FRST.K2?date=2020&format=json");

        Assert.Equal(2199781.8, Assert.Single(json.RootElement[1].EnumerateArray()).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Indicator_Mrv_GivesTheMostRecentYearsWithDataNewestFirst()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        // The CO2 series of the 2022 release ends in 2019; 2020 and 2021 are columns without values.
        using var json = await client.GetJsonAsync("v2/country/USA;CHN/indicator/EN.ATM.CO2E.KT?mrv=2&format=json");

        var rows = json.RootElement[1].EnumerateArray().Select(r => (r.GetProperty("countryiso3code").GetString(), r.GetProperty("date").GetString())).ToArray();
        Assert.Equal([("USA", "2019"), ("USA", "2018"), ("CHN", "2019"), ("CHN", "2018")], rows);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    public async Task Indicator_BadMrv_AnswersMessage120(string mrv)
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync($"v2/country/USA/indicator/EN.ATM.CO2E.KT?mrv={mrv}&format=json");

        Assert.Equal("120", json.RootElement[0].GetProperty("message")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task IndicatorCatalogue_FirstPage_HasTheWdiCatalogueTotalAndFiftyRows()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/indicator?source=2&format=json");

        Assert.Equal(1442, json.RootElement[0].GetProperty("total").GetInt32());
        Assert.Equal(29, json.RootElement[0].GetProperty("pages").GetInt32());
        Assert.Equal(50, json.RootElement[1].GetArrayLength());
    }

    [Fact]
    public async Task IndicatorCatalogue_OneIndicator_HasNameSourceNoteAndTopic()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/indicator/en.atm.co2e.kt?format=json");

        var row = Assert.Single(json.RootElement[1].EnumerateArray());
        Assert.Equal("EN.ATM.CO2E.KT", row.GetProperty("id").GetString());
        Assert.Equal("CO2 emissions (kt)", row.GetProperty("name").GetString());
        Assert.Equal("World Development Indicators", row.GetProperty("source").GetProperty("value").GetString());
        Assert.StartsWith("Carbon dioxide emissions are those stemming from the burning of fossil fuels", row.GetProperty("sourceNote").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Climate Watch. 2020.", row.GetProperty("sourceOrganization").GetString(), StringComparison.Ordinal);
        Assert.Equal("Environment: Emissions", row.GetProperty("topics")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task IndicatorCatalogue_UnknownIndicator_AnswersMessage120()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var json = await client.GetJsonAsync("v2/indicator/NY.NOPE?format=json");

        Assert.Equal("120", json.RootElement[0].GetProperty("message")[0].GetProperty("id").GetString());
    }
}
