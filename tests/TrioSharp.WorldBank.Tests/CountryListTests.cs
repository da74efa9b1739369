namespace TrioSharp.WorldBank.Tests;

public class CountryListTests
{
    [Fact]
    public async Task GetCountriesAsync_AllPages_Returns269RowsInIdOrder()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var countries = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync());

        Assert.Equal(269, countries.Count);
        Assert.Equal(countries.Select(c => c.Id).Order(StringComparer.Ordinal), countries.Select(c => c.Id));
        Assert.Equal(
            new Country("ABW", "AW", "Aruba", "Latin America & Caribbean", "High income", "Not classified", "Oranjestad") { RegionId = "LCN", IncomeLevelId = "HIC", LendingTypeId = "LNX" },
            countries[0]);
        Assert.Equal(6, mirror.RequestCount);
        Assert.Equal(1, mirror.RequestsFor("/v2/country?format=json&page=6"));
    }

    [Fact]
    public async Task GetCountriesAsync_FirstTwenty_FetchesOnlyTheFirstPage()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var countries = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync(first: 20));

        Assert.Equal(20, countries.Count);
        Assert.Equal(["ABW", "AFE", "AFG", "AFR", "AFW"], countries.Take(5).Select(c => c.Id));
        Assert.Equal(1, mirror.RequestsFor("/v2/country?format=json"));
        Assert.Equal(1, mirror.RequestCount);
    }

    [Fact]
    public async Task GetCountriesAsync_SmallPerPage_FetchesLaterPagesInParallelWithinTheLimit()
    {
        // 27 pages of 10: the 26 after the first go out together, three at a time, each held 200 ms by the mirror.
        await using var mirror = await ClientRun.MirrorAsync(new Mirror.MirrorFaults { Latency = TimeSpan.FromMilliseconds(200) });

        var countries = await ClientRun.RunAsync(
            mirror, new WorldBankClientOptions { PerPage = 10, MaxConcurrency = 3 }, client => client.GetCountriesAsync(), new SystemClock());

        Assert.Equal(269, countries.Count);
        Assert.Equal(269, countries.Select(c => c.Id).Distinct().Count());
        Assert.Equal(27, mirror.RequestCount);
        Assert.Equal(1, mirror.RequestsFor("/v2/country?format=json&per_page=10&page=27"));
        Assert.Equal(3, mirror.PeakConcurrentRequests);
    }

    [Fact]
    public async Task GetCountriesAsync_Aggregate_IsMarkedAsOne()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var countries = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync());

        var world = Assert.Single(countries, c => c.Id == "WLD");
        Assert.True(world.IsAggregate);
        Assert.Equal(("1W", "NA", "NA"), (world.Iso2Code, world.RegionId, world.IncomeLevelId));
        Assert.False(Assert.Single(countries, c => c.Id == "USA").IsAggregate);
    }

    [Fact]
    public async Task GetCountriesAsync_RowBeyondTheRecorded_ReadsIdsOfRegionIncomeAndLending()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var countries = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync());

        var nepal = Assert.Single(countries, c => c.Id == "NPL");
        Assert.Equal(
            ("NP", "SAS", "South Asia", "LMC", "Lower middle income", "IDX", "IDA"),
            (nepal.Iso2Code, nepal.RegionId, nepal.Region, nepal.IncomeLevelId, nepal.IncomeLevel, nepal.LendingTypeId, nepal.LendingType));
    }
}
