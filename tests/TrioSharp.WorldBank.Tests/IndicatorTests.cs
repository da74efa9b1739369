using System.Globalization;

namespace TrioSharp.WorldBank.Tests;

public class IndicatorTests
{
    private static readonly string[] FirstFive = ["ABW", "AFE", "AFG", "AFR", "AFW"];

    [Fact]
    public async Task GetSeriesAsync_FirstTwentyCountries_GrowthReproducesTheSeedReport()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var lines = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), async client =>
        {
            var countries = await client.GetCountriesAsync(first: 20);
            var series = await client.GetSeriesAsync(new IndicatorQuery(countries.Select(c => c.Id), IndicatorQuery.GdpCurrentUsd, 1999, 2019));
            return countries.Zip(series, (country, s) => s.GrowthPercent(1999, 2019) is { } growth
                ? $"{country.Name} GDP Growth: {growth.ToString("F2", CultureInfo.InvariantCulture)}%"
                : $"{country.Name} Missing data").ToList();
        });

        Assert.Equal(
        [
            "Aruba GDP Growth: 97.10%", "Africa Eastern and Southern GDP Growth: 280.41%", "Afghanistan Missing data",
            "Africa Missing data", "Africa Western and Central GDP Growth: 492.60%", "Angola GDP Growth: 1052.26%",
            "Albania GDP Growth: 385.20%", "Andorra GDP Growth: 154.39%", "Arab World GDP Growth: 335.67%",
            "United Arab Emirates GDP Growth: 394.98%", "Argentina GDP Growth: 57.93%", "Armenia GDP Growth: 637.98%",
            "American Samoa Missing data", "Antigua and Barbuda GDP Growth: 106.50%", "Australia GDP Growth: 257.43%",
            "Austria GDP Growth: 104.69%", "Azerbaijan GDP Growth: 951.55%", "Burundi GDP Growth: 218.85%",
            "East Asia & Pacific (IBRD-only countries) Missing data", "Europe & Central Asia (IBRD-only countries) Missing data",
        ], lines);
        Assert.Equal(21, mirror.RequestCount);
        Assert.Equal(1, mirror.RequestsFor("/v2/country/ABW/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json"));
    }

    [Fact]
    public async Task GetSeriesAsync_EveryCountry_Gives266EconomiesWithDataAnd3Without()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var series = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { MaxConcurrency = 10 }, async client =>
        {
            var countries = await client.GetCountriesAsync();
            return await client.GetSeriesAsync(new IndicatorQuery(countries.Select(c => c.Id), IndicatorQuery.GdpCurrentUsd, 1999, 2019));
        });

        Assert.Equal(269, series.Count);
        Assert.Equal(266, series.Count(s => s.Values.Count == 21));
        Assert.Equal(["AFR", "BEA", "BEC"], series.Where(s => s.Values.Count == 0).Select(s => s.CountryId));
        Assert.Equal(6 + 269, mirror.RequestCount);
        Assert.True(mirror.PeakConcurrentRequests <= 10, $"peak {mirror.PeakConcurrentRequests} requests in flight");
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_MissingValue_IsKeptAsNull()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var values = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client =>
            client.GetIndicatorValuesAsync(new IndicatorQuery(["AFG"], IndicatorQuery.GdpCurrentUsd, 1999, 2001)));

        Assert.Equal(["2001", "2000", "1999"], values.Select(v => v.Date));
        Assert.Null(values[2].Value);
        Assert.Equal(3521418059.92345, values[1].Value);
        Assert.Equal(new IndicatorValue("NY.GDP.MKTP.CD", "GDP (current US$)", "AF", "AFG", "Afghanistan", "2000", 2000, 3521418059.92345), values[1]);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_AggregateWithoutData_GivesNoRows()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var values = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client =>
            client.GetIndicatorValuesAsync(new IndicatorQuery(["AFR"], IndicatorQuery.GdpCurrentUsd, 1999, 2019)));

        Assert.Empty(values);
        Assert.Equal(1, mirror.RequestCount);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_SeveralCountriesSmallPerPage_FetchesEveryPageOnce()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var query = new IndicatorQuery(FirstFive, IndicatorQuery.GdpCurrentUsd, 1999, 2019);

        var paged = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { PerPage = 10 }, client => client.GetIndicatorValuesAsync(query));
        var requests = mirror.RequestCount;
        var whole = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { PerPage = 1000 }, client => client.GetIndicatorValuesAsync(query));

        // Four of the five have a series (AFR has none): 84 rows, 9 pages of 10.
        Assert.Equal(84, paged.Count);
        Assert.Equal(whole, paged);
        Assert.Equal(9, requests);
        Assert.Equal(1, mirror.RequestsFor("/v2/country/ABW;AFE;AFG;AFR;AFW/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json&per_page=10"));
        Assert.Equal(1, mirror.RequestsFor("/v2/country/ABW;AFE;AFG;AFR;AFW/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json&per_page=10&page=9"));
    }

    [Fact]
    public async Task GetSeriesAsync_SeveralCountriesPerRequest_SplitsEachAnswerByCountry()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var series = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { CountriesPerRequest = 2 }, client =>
            client.GetSeriesAsync(new IndicatorQuery(FirstFive, IndicatorQuery.GdpCurrentUsd, 2018, 2019)));

        Assert.Equal(FirstFive, series.Select(s => s.CountryId));
        Assert.Equal([2, 2, 2, 0, 2], series.Select(s => s.Values.Count));
        Assert.All(series, s => Assert.All(s.Values, v => Assert.Equal(s.CountryId, v.CountryIso3Code)));
        Assert.Equal(3, mirror.RequestCount);
        Assert.Equal(1, mirror.RequestsFor("/v2/country/AFG;AFR/indicator/NY.GDP.MKTP.CD?date=2018:2019&format=json"));
    }

    [Fact]
    public async Task GetSeriesAsync_MostRecentValues_AsksWithMrvAndGetsThoseYears()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var series = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client =>
            client.GetSeriesAsync(new IndicatorQuery(["USA"], "EN.ATM.CO2E.KT", 1999, 2019) { MostRecentValues = 3 }));

        Assert.Equal(["2019", "2018", "2017"], Assert.Single(series).Values.Select(v => v.Date));
        Assert.Equal(1, mirror.RequestsFor("/v2/country/USA/indicator/EN.ATM.CO2E.KT?mrv=3&format=json"));
    }

    [Fact]
    public void MostRecentValues_Zero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndicatorQuery(["USA"], "EN.ATM.CO2E.KT", 1999, 2019) { MostRecentValues = 0 });

    [Fact]
    public async Task GetIndicatorsAsync_SmallPages_GetsTheWholeCatalogueInOrder()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var catalogue = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { PerPage = 500 }, client => client.GetIndicatorsAsync());

        Assert.Equal(1442, catalogue.Count);
        Assert.Equal(1442, catalogue.Select(i => i.Id).Distinct().Count());
        Assert.Equal(3, mirror.RequestCount);
        Assert.Contains(catalogue, i => i.Id == "AG.LND.FRST.K2" && i.Name == "Forest area (sq. km)");
    }

    [Fact]
    public async Task GetIndicatorAsync_KnownId_ReadsEveryField()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var co2 = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetIndicatorAsync("EN.ATM.CO2E.KT"));

        Assert.Equal(("EN.ATM.CO2E.KT", "CO2 emissions (kt)", "World Development Indicators"), (co2.Id, co2.Name, co2.SourceName));
        Assert.Equal(["Environment: Emissions"], co2.Topics);
        Assert.StartsWith("Carbon dioxide emissions", co2.SourceNote, StringComparison.Ordinal);
        Assert.StartsWith("Climate Watch", co2.SourceOrganization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIndicatorAsync_UnknownId_ThrowsNamingTheIndicator()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var error = await Assert.ThrowsAsync<WorldBankApiException>(() => ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetIndicatorAsync("NY.NOPE")));

        Assert.Equal(("indicator", "NY.NOPE", "120"), (error.Parameter, error.Value, error.MessageId));
    }
}
