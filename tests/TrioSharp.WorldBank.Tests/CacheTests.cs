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

    [Fact]
    public async Task GetCountriesAsync_EntryYoungerThanMaxAge_AnswersFromTheCache()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new WorldBankClientOptions { CacheDirectory = _directory, CacheClock = clock, CacheMaxAge = TimeSpan.FromHours(2) };
        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));
        clock.Now += TimeSpan.FromHours(1);

        var hits = await ClientRun.RunAsync(mirror, options, async client => (await client.GetCountriesAsync(first: 1), client.CacheHits).CacheHits);

        Assert.Equal((1, 1), (mirror.RequestCount, hits));
    }

    [Fact]
    public async Task GetCountriesAsync_EntryOlderThanMaxAge_IsFetchedAgainAndRestamped()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new WorldBankClientOptions { CacheDirectory = _directory, CacheClock = clock };
        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));
        clock.Now += TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);

        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));

        Assert.Equal(2, mirror.RequestCount);
        Assert.Equal(clock.Now.UtcDateTime, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(_directory))));
    }

    [Fact]
    public async Task GetCountriesAsync_Refresh_FetchesAFreshEntryAgain()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var options = new WorldBankClientOptions { CacheDirectory = _directory };
        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));

        await ClientRun.RunAsync(mirror, options with { CachePolicy = WorldBankCachePolicy.Refresh }, client => client.GetCountriesAsync(first: 1));

        Assert.Equal(2, mirror.RequestCount);
    }

    [Fact]
    public async Task GetCountriesAsync_CacheOnlyWithAnOldEntry_AnswersWithoutARequest()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new WorldBankClientOptions { CacheDirectory = _directory, CacheClock = clock };
        await ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1));
        clock.Now += TimeSpan.FromDays(30);

        var countries = await ClientRun.RunAsync(mirror, options with { CachePolicy = WorldBankCachePolicy.CacheOnly }, client => client.GetCountriesAsync(first: 1));

        Assert.Equal("ABW", Assert.Single(countries).Id);
        Assert.Equal(1, mirror.RequestCount);
    }

    [Fact]
    public async Task GetCountriesAsync_CacheOnlyWithoutTheEntry_FailsNamingTheUrlWithoutARequest()
    {
        await using var mirror = await ClientRun.MirrorAsync();
        var options = new WorldBankClientOptions { CacheDirectory = _directory, CachePolicy = WorldBankCachePolicy.CacheOnly };

        var error = await Assert.ThrowsAsync<WorldBankException>(() => ClientRun.RunAsync(mirror, options, client => client.GetCountriesAsync(first: 1)));

        Assert.StartsWith($"{mirror.BaseAddress}v2/country?format=json is not in the cache '{_directory}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, mirror.RequestCount);
    }

    private static async Task<IReadOnlyList<CountrySeries>> FirstTwentyAsync(WorldBankClient client)
    {
        var countries = await client.GetCountriesAsync(first: 20);
        return await client.GetSeriesAsync(new IndicatorQuery(countries.Select(c => c.Id), IndicatorQuery.GdpCurrentUsd, 1999, 2019));
    }
}
