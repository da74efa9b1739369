using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;
using TrioSharp.Cli.Tests.Seeds;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

public sealed class GdpCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"triosharp-gdp-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Gdp_OfflineOnAPipe_PrintsTheSeedsTwentyLines()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Task3Tests.ExpectedReport, run.Lines);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Gdp_AllCountriesAgainstMirror_PrintsEveryRowOfTheList()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("gdp", "--countries", "all", "--concurrency", "10", "--base-url", mirror.BaseAddress.ToString(), "--no-cache");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(269, run.Lines.Length);
        Assert.Equal(247, run.Lines.Count(l => l.Contains(" GDP Growth: ", StringComparison.Ordinal)));
        Assert.Equal("Zimbabwe GDP Growth: 275.00%", run.Lines[^1]);

        // One page of the country list (per_page=1000) and one request per country.
        Assert.Equal(1 + 269, mirror.RequestCount);
        Assert.InRange(mirror.PeakConcurrentRequests, 1, 10);
    }

    [Fact]
    public async Task Gdp_NamedCountriesAsCsv_PrintsOneColumnPerYearAndEmptyCellsForMissingValues()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "AFG", "ABW", "--from", "1999", "--to", "2001", "--csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            "country_id,country_name,1999,2000,2001,growth_percent",
            "AFG,Afghanistan,,3521418059.92345,2813571753.87253,",
            "ABW,Aruba,1722905027.93296,1873452513.96648,1896456983.24022,10.073216601815682",
        ], run.Lines);
    }

    [Fact]
    public async Task Gdp_Json_WritesNullForMissingValues()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "AFG,AFR", "--from", "1999", "--to", "2000", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var countries = json.RootElement.GetProperty("countries");
        Assert.Equal(2, countries.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, countries[0].GetProperty("values").GetProperty("1999").ValueKind);
        Assert.Equal(3521418059.92345, countries[0].GetProperty("values").GetProperty("2000").GetDouble());
        Assert.Equal(JsonValueKind.Null, countries[0].GetProperty("growthPercent").ValueKind);
        Assert.Equal("Africa", countries[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Gdp_OnATerminal_PrintsATableAndABarChart()
    {
        var run = await CliRun.InvokeOnTerminalAsync("gdp", "--offline", "-c", "ABW", "AFG", "ARG");

        // Spectre colours the output when the environment says the terminal can show colours.
        var lines = run.Lines.Select(l => Regex.Replace(l, "\x1b\\[[0-9;]*m", string.Empty).TrimEnd()).ToList();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(lines, l => l.Contains("Aruba", StringComparison.Ordinal) && l.Contains("97.10%", StringComparison.Ordinal) && l.Contains('│'));
        Assert.Contains(lines, l => l.Contains("Afghanistan", StringComparison.Ordinal) && l.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GDP Growth 1999–2019 (%)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("Argentina", StringComparison.Ordinal) && l.Contains('█') && l.EndsWith("57.93", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gdp_ChartPng_DrawsOneBarPerCountryWithData()
    {
        var path = Path.Combine(_directory, "gdp.png");

        var run = await CliRun.InvokeAsync("gdp", "--offline", "--chart", path);

        Assert.Equal(0, run.ExitCode);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(1000, bitmap.Width);
        Assert.Equal(140 + (22 * 15), bitmap.Height);
        var pixels = bitmap.Pixels;
        var barPixels = pixels.Count(p => p == new SKColor(0x46, 0x82, 0xB4));
        Assert.True(barPixels > 15 * 1000, $"only {barPixels} steel-blue pixels");
        Assert.True(pixels.Count(p => p != SKColors.White) > pixels.Length / 10, "the chart is mostly blank");
    }

    [Fact]
    public async Task Gdp_ChartSvg_HasOneBarPerCountryWithData()
    {
        var path = Path.Combine(_directory, "gdp.svg");

        var run = await CliRun.InvokeAsync("gdp", "--offline", "--chart", path);

        Assert.Equal(0, run.ExitCode);
        var svg = XDocument.Load(path);
        var bars = svg.Descendants().Where(e => e.Name.LocalName == "rect" && (string?)e.Attribute("fill") == "#4682B4").ToList();
        Assert.Equal(15, bars.Count);
        Assert.All(bars, bar => Assert.True(double.Parse((string)bar.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value.Trim() == "Angola");
    }

    [Fact]
    public async Task Gdp_SecondRunWithServerStopped_AnswersFromTheCache()
    {
        var mirror = await MirrorServer.StartAsync();
        var address = mirror.BaseAddress.ToString();
        var first = await CliRun.InvokeAsync("gdp", "--base-url", address, "--cache-dir", _directory);
        Assert.Equal(21, mirror.RequestCount);
        await mirror.DisposeAsync();

        var second = await CliRun.InvokeAsync("gdp", "--base-url", address, "--cache-dir", _directory);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(Task3Tests.ExpectedReport, second.Lines);
        Assert.Equal(first.Lines, second.Lines);
    }

    [Theory]
    [InlineData("'XYZ'", "--offline", "-c", "ABW", "XYZ")]
    [InlineData("'NY.NOPE'", "--offline", "--indicator", "NY.NOPE")]
    [InlineData("--countries 300", "--offline", "--countries", "300")]
    [InlineData("--countries 0", "--countries", "0")]
    [InlineData("--from 2019 is after --to 1999", "--from", "2019", "--to", "1999")]
    [InlineData("--from 1800", "--from", "1800")]
    [InlineData("--to 3000", "--to", "3000")]
    [InlineData("--concurrency 0", "--concurrency", "0")]
    [InlineData("'ftp://example.org/'", "--base-url", "ftp://example.org/")]
    [InlineData("'gdp.jpg'", "--chart", "gdp.jpg")]
    public async Task Gdp_BadInput_PrintsOneLineNamingTheValueAndWhatIsAllowed(string named, params string[] args)
    {
        var run = await CliRun.InvokeAsync(["gdp", "--no-cache", .. args]);

        AssertOneLineError(run, named);
    }

    [Fact]
    public async Task Gdp_BaseUrlThatIsNotTheApi_PrintsOneLineNamingIt()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var books = new Uri(mirror.BaseAddress, "files/").ToString();

        var run = await CliRun.InvokeAsync("gdp", "--no-cache", "--base-url", books);

        AssertOneLineError(run, $"--base-url {books} is not a World Bank API");
        Assert.Contains("HTTP 404", run.Error, StringComparison.Ordinal);
    }

    private static void AssertOneLineError(CliRun run, string named)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["See 'triosharp gdp --help' for the options."], run.ErrorLines[1..]);
        var line = run.ErrorLines[0];
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Contains("allowed: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}
