using System.Text.Json;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary><c>wb data</c> against the embedded mirror: several indicators, ranges and most recent values, long and wide.</summary>
public class WbDataCommandTests
{
    private const string Gdp = "NY.GDP.MKTP.CD";
    private const string Co2 = "EN.ATM.CO2E.KT";
    private const string Forest = "AG.LND.FRST.K2";

    [Fact]
    public async Task Data_OneIndicatorRangeLongCsv_PrintsARowPerYear()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, "-c", "US", "--from", "2017", "--to", "2019", "--csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            "country_id,country_name,indicator,year,value",
            "USA,United States,EN.ATM.CO2E.KT,2017,4819370.1171875",
            "USA,United States,EN.ATM.CO2E.KT,2018,4975310.05859375",
            "USA,United States,EN.ATM.CO2E.KT,2019,4817720.21484375",
        ], run.Lines);
    }

    [Fact]
    public async Task Data_ThreeIndicatorsWide_HasAColumnEachAndEmptyCellsForMissingValues()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", $"{Gdp},{Co2}", Forest, "-c", "CHN", "--from", "2019", "--to", "2020", "--shape", "wide", "--csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            $"country_id,country_name,year,{Gdp},{Co2},{Forest}",
            "CHN,China,2019,14279968506271.7,10707219.7265625,2180986.1",
            "CHN,China,2020,14687744162801,,2199781.8",
        ], run.Lines);
    }

    [Fact]
    public async Task Data_Mrv_GivesEachIndicatorsMostRecentYears()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, Forest, "-c", "USA", "--mrv", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            "country_id\tcountry_name\tindicator\tyear\tvalue",
            "USA\tUnited States\tEN.ATM.CO2E.KT\t2019\t4817720.21484375",
            "USA\tUnited States\tAG.LND.FRST.K2\t2020\t3097950",
        ], run.Lines);
    }

    [Fact]
    public async Task Data_JsonLong_WritesNullForMissingValues()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, "-c", "BMU", "--from", "2019", "--to", "2019", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("BMU", row.GetProperty("country_id").GetString());
        Assert.Equal(2019, row.GetProperty("year").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task Data_FiltersChooseTheCountries()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, "--economies", "--region", "NAC", "--mrv", "1", "--csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["BMU", "CAN", "USA"], run.Lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Data_UnknownIndicator_ExitsTwoNamingIt()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, "NY.NOPE", "-c", "US");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --indicator: the World Bank API does not know indicator 'NY.NOPE'", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mrv and --from", "--mrv", "2", "--from", "2000")]
    [InlineData("--mrv and --to", "--mrv", "2", "--to", "2000")]
    public async Task Data_MrvWithAYear_IsRefused(string both, params string[] args)
    {
        var run = await CliRun.InvokeAsync(["wb", "data", "--offline", "-i", Co2, .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {both} exclude each other; choose one.", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Data_MrvZero_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync("wb", "data", "--offline", "-i", Co2, "--mrv", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --mrv 0 is out of range", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
