using TrioSharp.Cli.Tests.Seeds;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary><c>gdp</c>'s cache options against a mirror: <c>--max-age</c>, <c>--refresh</c>, <c>--cache-only</c>.</summary>
public sealed class GdpCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"triosharp-gdp-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Gdp_SecondRunWithinMaxAge_SendsNoRequest()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory);

        var run = await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory, "--max-age", "1h");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1 + 3, mirror.RequestCount);
    }

    [Fact]
    public async Task Gdp_MaxAgeZero_FetchesEverythingAgain()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory);

        var run = await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory, "--max-age", "0s");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2 * (1 + 3), mirror.RequestCount);
    }

    [Fact]
    public async Task Gdp_Refresh_FetchesEverythingAgain()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory);

        var run = await CliRun.InvokeAsync("gdp", "-c", "3", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory, "--refresh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2 * (1 + 3), mirror.RequestCount);
    }

    [Fact]
    public async Task Gdp_CacheOnlyAfterARun_PrintsTheSameWithTheServerGone()
    {
        var mirror = await MirrorServer.StartAsync();
        var address = mirror.BaseAddress.AbsoluteUri;
        await CliRun.InvokeAsync("gdp", "--base-url", address, "--cache-dir", _directory);
        await mirror.DisposeAsync();

        var run = await CliRun.InvokeAsync("gdp", "--base-url", address, "--cache-dir", _directory, "--cache-only", "--max-age", "0s");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Task3Tests.ExpectedReport, run.Lines);
    }

    [Fact]
    public async Task Gdp_CacheOnlyWithAPageMissing_ExitsOneNamingIt()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await CliRun.InvokeAsync("gdp", "-c", "ABW", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory);

        var run = await CliRun.InvokeAsync("gdp", "-c", "ABW", "--from", "2000", "--base-url", mirror.BaseAddress.AbsoluteUri, "--cache-dir", _directory, "--cache-only");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: {mirror.BaseAddress}v2/country/ABW/indicator/NY.GDP.MKTP.CD?date=2000:2019&format=json&per_page=1000 is not in the cache", line, StringComparison.Ordinal);
        Assert.Equal(1 + 1, mirror.RequestCount);
    }

    [Theory]
    [InlineData("--refresh and --cache-only", "--refresh", "--cache-only")]
    [InlineData("--cache-only and --no-cache", "--cache-only", "--no-cache")]
    [InlineData("--cache-only and --offline", "--cache-only", "--offline")]
    public async Task Gdp_ContradictoryCacheOptions_AreRefused(string both, params string[] args)
    {
        var run = await CliRun.InvokeAsync(["gdp", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {both} exclude each other; choose one.", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Gdp_MaxAgeNotAnAge_ExitsTwoSayingWhatIsAllowed()
    {
        var run = await CliRun.InvokeAsync("gdp", "--max-age", "soon");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --max-age 'soon' is not an age; allowed: a number with s, m, h or d, such as 90s, 30m, 12h or 7d.", run.ErrorLines[0]);
    }
}
