using TrioSharp.Cli.Seeds;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Seeds;

public class Task3Tests
{
    internal static readonly string[] ExpectedReport =
    [
        "Aruba GDP Growth: 97.10%", "Africa Eastern and Southern GDP Growth: 280.41%", "Afghanistan Missing data",
        "Africa Missing data", "Africa Western and Central GDP Growth: 492.60%", "Angola GDP Growth: 1052.26%",
        "Albania GDP Growth: 385.20%", "Andorra GDP Growth: 154.39%", "Arab World GDP Growth: 335.67%",
        "United Arab Emirates GDP Growth: 394.98%", "Argentina GDP Growth: 57.93%", "Armenia GDP Growth: 637.98%",
        "American Samoa Missing data", "Antigua and Barbuda GDP Growth: 106.50%", "Australia GDP Growth: 257.43%",
        "Austria GDP Growth: 104.69%", "Azerbaijan GDP Growth: 951.55%", "Burundi GDP Growth: 218.85%",
        "East Asia & Pacific (IBRD-only countries) Missing data", "Europe & Central Asia (IBRD-only countries) Missing data",
    ];

    [Fact]
    public async Task Task3a_VirtualClockAgainstMirror_PrintsSeedReportAfterExactlyThreeSeconds()
    {
        await using var mirror = await MirrorServer.StartAsync();
        using var output = new StringWriter();
        var settings = new SeedSettings { Output = output, WorldBank = mirror.BaseAddress, VirtualTime = true };

        var elapsed = await Task.Run(() => Trio.Run(
            async () =>
            {
                await Task3a.RunAsync(settings);
                return Trio.CurrentTime;
            },
            settings.RunOptions()));

        Assert.Equal(ExpectedReport, Lines(output));
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
        Assert.Equal(21, mirror.RequestCount);
    }

    [Fact]
    public async Task Task3b_AgainstMirror_PrintsSeedReportWithoutWaitingForATimer()
    {
        await using var mirror = await MirrorServer.StartAsync();
        using var output = new StringWriter();
        var settings = new SeedSettings { Output = output, WorldBank = mirror.BaseAddress, VirtualTime = true };

        var elapsed = await Task.Run(() => Trio.Run(
            async () =>
            {
                await Task3b.RunAsync(settings);
                return Trio.CurrentTime;
            },
            settings.RunOptions()));

        Assert.Equal(ExpectedReport, Lines(output));
        Assert.Equal(TimeSpan.Zero, elapsed);
    }

    [Fact]
    public async Task Task3b_ServerAnswersHtml_FailsWithOneLineNamingTheProblem()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { HtmlFirst = 1 } });

        var run = await CliRun.InvokeAsync("seed", "3b", "--worldbank-url", mirror.BaseAddress.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HTML or XML", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
