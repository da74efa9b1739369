namespace TrioSharp.Cli.Tests.Commands;

/// <summary><c>gdp</c>'s country choice: ISO2 ids, economies or aggregates, region, income level and lending type.</summary>
public class GdpCountryFilterTests
{
    [Fact]
    public async Task Gdp_Iso2Ids_AreTheEconomiesTheyName()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "US", "cn", "--csv", "--from", "2019", "--to", "2019");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["USA", "CHN"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_EconomiesOfARegionByName_PrintsExactlyThem()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "all", "--economies", "--region", "south asia", "--csv", "--from", "2019", "--to", "2019");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_RegionIncomeAndLendingIds_KeepRowsPassingAllThree()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "all", "--region", "SSF", "--income", "LMC", "--lending", "IDB", "--csv", "--from", "2019", "--to", "2019");

        // From the WDI country table: Sub-Saharan Africa, lower middle income, Blend.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["CMR", "COG", "CPV", "KEN", "NGA", "ZWE"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_SeveralValuesOfOneFilter_KeepRowsMatchingAny()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "all", "--region", "NAC,South Asia", "--income", "HIC", "--csv", "--from", "2019", "--to", "2019");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["BMU", "CAN", "USA"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_EconomiesAndAggregates_AreRefusedTogether()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "--economies", "--aggregates");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --economies and --aggregates exclude each other; choose one.", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Gdp_FirstNWithAFilter_TakesTheFirstNRowsThatPass()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "3", "--aggregates", "--csv", "--from", "2019", "--to", "2019");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["AFE", "AFR", "AFW"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_DefaultTwentyWithAFilterKeepingFewer_PrintsThoseKept()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "--economies", "--region", "NAC", "--csv", "--from", "2019", "--to", "2019");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["BMU", "CAN", "USA"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Gdp_FilterNoRowPasses_ExitsTwoSayingSo()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "all", "--region", "Atlantis");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: no row of the country list passes --economies/--aggregates/--region/--income/--lending", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gdp_NamedIdsWithAFilter_ExitsTwoSayingToChooseOne()
    {
        var run = await CliRun.InvokeAsync("gdp", "--offline", "-c", "USA", "--economies");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --countries USA names countries, and the filters", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
