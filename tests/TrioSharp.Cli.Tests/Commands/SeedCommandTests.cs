namespace TrioSharp.Cli.Tests.Commands;

public class SeedCommandTests
{
    [Fact]
    public async Task Seed1a_VirtualTime_PrintsSeedOutputAndExitsZero()
    {
        var run = await CliRun.InvokeAsync("seed", "1a", "--virtual-time");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Starting...", "1 second has passed", "2 seconds have passed", "Hello, World!", "Completed!"], run.Lines);
    }

    [Fact]
    public async Task Seed_UnknownTask_ExitsNonZeroNamingTheChoices()
    {
        var run = await CliRun.InvokeAsync("seed", "9");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'9'", run.Error, StringComparison.Ordinal);
        Assert.Contains("1a", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed2_UnreachableServer_PrintsOneLineErrorWithTheFix()
    {
        // Port 1 on loopback refuses connections: nothing listens there.
        var run = await CliRun.InvokeAsync("seed", "2", "--gutenberg-url", "http://127.0.0.1:1/", "-o", Path.GetTempPath());

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cannot reach http://127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Contains("--offline", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed2_UnwritableDirectory_PrintsOneLineErrorNamingIt()
    {
        var file = Path.GetTempFileName();
        try
        {
            var run = await CliRun.InvokeAsync("seed", "2", "--offline", "-o", Path.Combine(file, "books"));

            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("error: cannot write to the download directory", run.Error, StringComparison.Ordinal);
            Assert.Contains("--output", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
