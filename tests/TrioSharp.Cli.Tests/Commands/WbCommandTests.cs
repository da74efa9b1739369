using System.Text.Json;

namespace TrioSharp.Cli.Tests.Commands;

public class WbCommandTests
{
    private const string Header = "id\tiso2\tname\taggregate\tregion_id\tregion\tincome_id\tincome\tlending_id\tlending";

    [Fact]
    public async Task Countries_Offline_ListsEveryRowWithAHeader()
    {
        var run = await CliRun.InvokeAsync("wb", "countries", "--offline");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Header, run.Lines[0]);
        Assert.Equal(1 + 269, run.Lines.Length);
        Assert.Equal("ABW\tAW\tAruba\tno\tLCN\tLatin America & Caribbean\tHIC\tHigh income\tLNX\tNot classified", run.Lines[1]);
    }

    [Fact]
    public async Task Countries_EconomiesOfARegionAndIncome_ListsExactlyThem()
    {
        var run = await CliRun.InvokeAsync("wb", "countries", "--offline", "--economies", "--region", "NAC");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["BMU", "CAN", "USA"], run.Lines[1..].Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public async Task Countries_Aggregates_ListsOnlyAggregates()
    {
        var run = await CliRun.InvokeAsync("wb", "countries", "--offline", "--aggregates");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, l => l.StartsWith("WLD\t1W\tWorld\tyes", StringComparison.Ordinal));
        Assert.All(run.Lines[1..], l => Assert.Equal("yes", l.Split('\t')[3]));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("USA\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Countries_LendingTypeByName_KeepsItsEconomies()
    {
        var run = await CliRun.InvokeAsync("wb", "countries", "--offline", "--lending", "blend", "--income", "Low income,Lower middle income", "--region", "SSF", "--csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("id,iso2,name,aggregate,region_id,region,income_id,income,lending_id,lending", run.Lines[0]);
        Assert.Equal(["CMR", "COG", "CPV", "KEN", "NGA", "ZWE"], run.Lines[1..].Select(l => l.Split(',')[0]));
        Assert.Contains("COG,CG,\"Congo, Rep.\",no,SSF,Sub-Saharan Africa,LMC,Lower middle income,IDB,Blend", run.Lines);
    }

    [Fact]
    public async Task Countries_Json_HasEveryFieldPerRow()
    {
        var run = await CliRun.InvokeAsync("wb", "countries", "--offline", "--json", "--region", "SAS", "--income", "LIC");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var afghanistan = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("AFG", afghanistan.GetProperty("id").GetString());
        Assert.Equal("AF", afghanistan.GetProperty("iso2").GetString());
        Assert.False(afghanistan.GetProperty("aggregate").GetBoolean());
        Assert.Equal("IDX", afghanistan.GetProperty("lendingId").GetString());
        Assert.Equal("Kabul", afghanistan.GetProperty("capitalCity").GetString());
    }
}
