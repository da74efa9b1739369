using TrioSharp.Cli.Tests.Seeds;

namespace TrioSharp.Cli.Tests.Commands;

public sealed class ReadmeCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"triosharp-all-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SeedAllOffline_VirtualTime_RunsEverySeedProgramWithItsOutput()
    {
        // The README's main command (`seed all --offline`), on virtual time so the test takes no sleeps.
        var run = await CliRun.InvokeAsync("seed", "all", "--offline", "--virtual-time", "-o", _directory);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        var lines = run.Lines;
        Assert.Equal(
            ["== Task 1a", "== Task 1b", "== Task 2", "== Task 3a", "== Task 3b", "== Task 4a", "== Task 4b"],
            lines.Where(l => l.StartsWith("== ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(2, lines.Count(l => l == Task3Tests.ExpectedReport[0]));
        Assert.Contains("Hello, World!", lines);
        Assert.Contains("Time: 7.6s - Finished Shutdown", lines);
        Assert.Equal(3, Directory.GetFiles(_directory, "*.txt").Length);
    }
}
