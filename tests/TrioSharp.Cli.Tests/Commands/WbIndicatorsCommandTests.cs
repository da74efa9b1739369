namespace TrioSharp.Cli.Tests.Commands;

/// <summary><c>wb indicators --search</c> and <c>wb indicator ID</c> over the WDI catalogue the mirror serves.</summary>
public class WbIndicatorsCommandTests
{
    [Fact]
    public async Task Indicators_SearchEveryWord_ListsTheMatchingIdsAndNames()
    {
        var run = await CliRun.InvokeAsync("wb", "indicators", "--offline", "--search", "forest area");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["AG.LND.FRST.K2\tForest area (sq. km)", "AG.LND.FRST.ZS\tForest area (% of land area)"], run.Lines);
    }

    [Fact]
    public async Task Indicators_SearchById_IgnoresCase()
    {
        var run = await CliRun.InvokeAsync("wb", "indicators", "--offline", "-s", "ny.gdp.mktp.cd");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["NY.GDP.MKTP.CD\tGDP (current US$)"], run.Lines);
    }

    [Fact]
    public async Task Indicators_NoSearch_ListsTheWholeCatalogue()
    {
        var run = await CliRun.InvokeAsync("wb", "indicators", "--offline");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1442, run.Lines.Length);
    }

    [Fact]
    public async Task Indicator_KnownId_PrintsNameSourceTopicsAndNote()
    {
        var run = await CliRun.InvokeAsync("wb", "indicator", "AG.LND.FRST.K2", "--offline");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["id: AG.LND.FRST.K2", "name: Forest area (sq. km)", "source: World Development Indicators"], run.Lines[..3]);
        Assert.StartsWith("organization: Food and Agriculture Organization", run.Lines[3], StringComparison.Ordinal);
        Assert.StartsWith("topics: Environment: Land use", run.Lines[4], StringComparison.Ordinal);
        Assert.StartsWith("note: Forest area is land under natural or planted stands of trees", run.Lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indicator_UnknownId_ExitsTwoNamingIt()
    {
        var run = await CliRun.InvokeAsync("wb", "indicator", "NY.NOPE", "--offline");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'NY.NOPE'", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("See 'triosharp wb indicator --help' for the options.", run.ErrorLines[1]);
    }
}
