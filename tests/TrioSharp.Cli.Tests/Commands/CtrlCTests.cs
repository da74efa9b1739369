using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary>
/// A real Ctrl+C: the built <c>triosharp</c> runs as a process and gets SIGINT while a request waits at the mirror.
/// The runtime's own SIGINT handling would also exit with 130, so each test checks the command's clean-up output.
/// </summary>
public sealed class CtrlCTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-ctrlc-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Gdp_CtrlCWhileFetching_SaysCancelledAndExits130()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMinutes(5) } });

        var (exitCode, _, error) = await InterruptAsync(mirror, "gdp", "--countries", "all", "--no-cache", "--base-url", mirror.BaseAddress.AbsoluteUri);

        Assert.Equal(130, exitCode);
        Assert.Equal("error: cancelled.", error.Trim());
    }

    [Fact]
    public async Task Download_CtrlCWhileWaiting_ReportsWhatWasLeftAndExits130()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMinutes(5) } });
        var url = new Uri(mirror.BaseAddress, "data/5000/a.bin").AbsoluteUri;

        var (exitCode, output, _) = await InterruptAsync(mirror, "download", "-o", _dir, url);

        Assert.Equal(130, exitCode);
        Assert.Contains("Interrupted: 0 of 1 files downloaded.", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "a.bin"));
    }

    [Fact]
    public async Task Seed_CtrlCWhileDownloading_SaysCancelledAndExits130()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMinutes(5) } });

        var (exitCode, _, error) = await InterruptAsync(mirror, "seed", "2", "-o", _dir, "--gutenberg-url", mirror.BaseAddress.AbsoluteUri);

        Assert.Equal(130, exitCode);
        Assert.Equal("error: cancelled.", error.Trim());
    }

    [Fact]
    public async Task Gdp_SigtermWhileFetching_Exits143()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMinutes(5) } });

        var (exitCode, output, _) = await SignalAsync(mirror, "TERM", "gdp", "--countries", "all", "--no-cache", "--base-url", mirror.BaseAddress.AbsoluteUri);

        Assert.Equal(143, exitCode);
        Assert.Empty(output);
    }

    private static Task<(int ExitCode, string Output, string Error)> InterruptAsync(MirrorServer mirror, params string[] args) =>
        SignalAsync(mirror, "INT", args);

    /// <summary>Runs <c>triosharp args</c>, sends <paramref name="signal"/> once its first request is at the mirror, and waits for it to end.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> SignalAsync(MirrorServer mirror, string signal, params string[] args)
    {
        using var process = TriosharpProcess.Start(args);
        using var bound = new CancellationTokenSource(Bound);

        // The request is at the mirror once the command's loop runs: polling with a generous bound, not a race.
        while (mirror.PeakConcurrentRequests == 0)
        {
            await Task.Delay(20, bound.Token);
        }

        await process.SignalAsync(signal, bound.Token);
        var exitCode = await process.WaitAsync(bound.Token);
        return (exitCode, await process.Output, await process.Error);
    }
}
