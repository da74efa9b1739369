namespace TrioSharp.WorldBank.Tests;

public sealed class CacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"triosharp-wb-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetSeriesAsync_SecondRunWithServerStopped_AnswersFromTheCache()
    {
        var options = new WorldBankClientOptions { CacheDirectory = _directory };
        var mirror = await ClientRun.MirrorAsync();
        var address = mirror.BaseAddress;
        var first = await ClientRun.RunAsync(address, options, FirstTwentyAsync);
        Assert.Equal(21, mirror.RequestCount);
        await mirror.DisposeAsync();

        var (second, sent, hits) = await ClientRun.RunAsync(address, options, async client =>
            (await FirstTwentyAsync(client), client.RequestsSent, client.CacheHits));

        Assert.Equal(first.Select(s => s.Values), second.Select(s => s.Values));
        Assert.Equal((0, 21), (sent, hits));
        Assert.Equal(21, Directory.GetFiles(_directory, "*.json").Length);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task GetCountriesAsync_WithoutCacheDirectory_AsksTheServerEveryTime()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync(first: 1));
        await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), client => client.GetCountriesAsync(first: 1));

        Assert.Equal(2, mirror.RequestCount);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task GetCountriesAsync_DamagedCacheEntry_IsFetchedAgainAndRewritten()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var options = new WorldBankClientOptions { CacheDirectory = _directory };
        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));
        var entry = Assert.Single(Directory.GetFiles(_directory));
        await File.WriteAllTextAsync(entry, "[{\"page\":1,");

        var countries = await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));

        Assert.Equal("ABW", Assert.Single(countries).Id);
        Assert.Equal(2, mirror.RequestCount);
        Assert.StartsWith("[{", await File.ReadAllTextAsync(entry), StringComparison.Ordinal);
        Assert.True(new FileInfo(entry).Length > 1000);
    }

    private static async Task<IReadOnlyList<CountrySeries>> FirstTwentyAsync(WorldBankClient client)
    {
        var countries = await client.GetCountriesAsync(first: 20);
        return await client.GetSeriesAsync(new IndicatorQuery(countries.Select(c => c.Id), IndicatorQuery.GdpCurrentUsd, 1999, 2019));
    }
}
