using System.Text.Json;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary>
/// A real <c>triosharp download</c> process killed (SIGKILL), terminated (SIGTERM) or interrupted twice (SIGINT)
/// while bytes flow from a mirror that paces each response; the moments come from the bytes the mirror has sent,
/// never from sleeps. Every rerun must resume what is on disk and end with the exact bytes.
/// </summary>
public sealed class DownloadDeathTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    // Large enough that a test host slowed by other tests still signals long before the last byte (2 MiB/s each).
    private static readonly GeneratedFile[] Files = [new("k0.bin", 4_000_000), new("k1.bin", 3_000_000), new("k2.bin", 2_000_000)];
    private static readonly GeneratedFile Long = new("long.bin", 8 << 20);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-death-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static Task<MirrorServer> PacedMirror() =>
        MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { RatePerConnection = 2 << 20 } });

    private string[] Args(MirrorServer mirror, params GeneratedFile[] files) => Args(mirror, 1, files);

    private string[] Args(MirrorServer mirror, int split, params GeneratedFile[] files) =>
        ["download", "-q", "-j", "3", "-x", $"{split}", "-o", _dir, .. files.Select(f => new Uri(mirror.BaseAddress, f.Path.TrimStart('/')).AbsoluteUri)];

    private string In(string name) => Path.Combine(_dir, name);

    /// <summary>Waits until the mirror has sent <paramref name="bytes"/> body bytes in all, or the process has ended.</summary>
    private static async Task WhenSentAsync(MirrorServer mirror, TriosharpProcess process, long bytes, int requests, CancellationToken bound)
    {
        while ((mirror.BodyBytesSent < bytes || mirror.RequestCount < requests) && !process.HasExited)
        {
            await Task.Delay(2, bound);
        }
    }

    /// <summary>
    /// What a killed run left, checked: a final name holds the exact bytes; a <c>.part</c> with metadata holds a true
    /// prefix described by it, or (split) the true bytes of every segment's recorded progress. Returns the length each
    /// resumable unsplit <c>.part</c> will be resumed from.
    /// </summary>
    private Dictionary<string, long> CheckLeftovers()
    {
        var resumable = new Dictionary<string, long>();
        foreach (var file in Files.Append(Long))
        {
            if (File.Exists(In(file.Name)))
            {
                Assert.Equal(file.Content(), File.ReadAllBytes(In(file.Name)));
                Assert.False(File.Exists(In(file.Name + ".part")), $"{file.Name} is complete and still has a .part");
                continue;
            }

            var meta = In(file.Name + ".part.meta");
            if (!File.Exists(In(file.Name + ".part")) || !File.Exists(meta))
            {
                continue;
            }

            var part = File.ReadAllBytes(In(file.Name + ".part"));
            using var json = JsonDocument.Parse(File.ReadAllText(meta));
            Assert.Equal((file.ETag(), file.Size), (json.RootElement.GetProperty("Validator").GetString(), json.RootElement.GetProperty("Length").GetInt64()));
            if (json.RootElement.TryGetProperty("Segments", out var segments) && segments.ValueKind == JsonValueKind.Array)
            {
                Assert.Equal(file.Size, part.Length);
                foreach (var segment in segments.EnumerateArray())
                {
                    var (start, done) = ((int)segment.GetProperty("Start").GetInt64(), (int)segment.GetProperty("Done").GetInt64());
                    Assert.True(file.Content().AsSpan(start, done).SequenceEqual(part.AsSpan(start, done)), $"{file.Name}: segment at {start} is wrong");
                }

                continue;
            }

            Assert.True(part.Length <= file.Size, $"{file.Name}.part has {part.Length} bytes");
            Assert.True(file.Content().AsSpan(0, part.Length).SequenceEqual(part), $"{file.Name}.part is not a prefix of the file");
            if (part.Length > 0)
            {
                resumable[file.Path] = part.Length;
            }
        }

        return resumable;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Download_SigkillAtManyPoints_EveryRerunResumesAndTheLastEndsWithExactBytes(int split)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await PacedMirror();
        using var bound = new CancellationTokenSource(Bound);
        var random = new Random(15);
        var kills = 0;
        var resumed = 0;
        for (var round = 0; round < 12; round++)
        {
            var resumable = CheckLeftovers();
            var logged = mirror.Requests.Count;

            // Varied moments: as the first request arrives (before any byte), or after 1 byte to 400 KB more.
            var delta = round % 4 == 0 ? 0 : random.Next(1, 400_000);
            using var process = TriosharpProcess.Start(Args(mirror, split, Files));
            await WhenSentAsync(mirror, process, mirror.BodyBytesSent + delta, mirror.RequestCount + 1, bound.Token);
            if (process.HasExited)
            {
                break; // it finished before this round's moment came
            }

            process.Kill();
            Assert.Equal(137, await process.WaitAsync(bound.Token));
            kills++;

            // Each file resumable at the start of this run was asked for from exactly its length, with If-Range.
            foreach (var request in mirror.Requests.Skip(logged).GroupBy(r => r.PathAndQuery).Select(g => g.First()))
            {
                if (resumable.TryGetValue(request.PathAndQuery, out var length))
                {
                    Assert.Equal(($"bytes={length}-", 206), (request.Range, request.Status));
                    resumed++;
                }
            }
        }

        CheckLeftovers();
        using var last = TriosharpProcess.Start(Args(mirror, split, Files));
        Assert.Equal(0, await last.WaitAsync(bound.Token));
        Assert.Equal(string.Empty, await last.Error);
        foreach (var file in Files)
        {
            Assert.Equal(file.Content(), await File.ReadAllBytesAsync(In(file.Name)));
        }

        Assert.Equal(Files.Select(f => f.Name).Order(), Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.True(kills >= 8, $"only {kills} kills landed before the files were complete");
        Assert.True(resumed >= (split == 1 ? 4 : 1), $"only {resumed} resumed requests");
    }

    [Fact]
    public async Task Download_Sigterm_Exits143KeepingThePartAndTheRerunResumes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await PacedMirror();
        using var bound = new CancellationTokenSource(Bound);

        var (exit, output) = await SignalMidTransferAsync(mirror, bound.Token, "TERM");

        Assert.Equal(143, exit);
        Assert.Contains("Interrupted: 0 of 1 files downloaded.", output, StringComparison.Ordinal);
        await RerunResumesAsync(mirror, bound.Token);
    }

    [Fact]
    public async Task Download_TwoQuickCtrlCs_LoseNoStateAndTheRerunResumes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var mirror = await PacedMirror();
        using var bound = new CancellationTokenSource(Bound);

        // The first cancels; the second either arrives during the clean-up and ends the process, or after it.
        var (exit, output) = await SignalMidTransferAsync(mirror, bound.Token, "INT", "INT");

        Assert.True(exit == 130, $"exit {exit}: {output}");
        await RerunResumesAsync(mirror, bound.Token);
    }

    /// <summary>
    /// Downloads <see cref="Long"/>, sends <paramref name="signals"/> once 300 KB are sent and some bytes are in its
    /// <c>.part</c> (sent is not yet received on a busy machine), and returns the exit code and everything printed.
    /// </summary>
    private async Task<(int ExitCode, string Output)> SignalMidTransferAsync(MirrorServer mirror, CancellationToken bound, params string[] signals)
    {
        using var process = TriosharpProcess.Start(Args(mirror, Long));
        await WhenSentAsync(mirror, process, 300_000, 1, bound);
        var part = new FileInfo(In(Long.Name + ".part"));
        for (part.Refresh(); !(part.Exists && part.Length > 0) && !process.HasExited; part.Refresh())
        {
            await Task.Delay(2, bound);
        }
        foreach (var signal in signals)
        {
            await process.SignalAsync(signal, bound);
        }

        var exit = await process.WaitAsync(bound);
        return (exit, await process.Output + await process.Error);
    }

    /// <summary>Checks what the interrupted run left of <see cref="Long"/>, reruns, and checks it resumed from there to the exact bytes.</summary>
    private async Task RerunResumesAsync(MirrorServer mirror, CancellationToken bound)
    {
        var kept = Assert.Single(CheckLeftovers()).Value;
        using var rerun = TriosharpProcess.Start(Args(mirror, Long));

        Assert.Equal(0, await rerun.WaitAsync(bound));
        Assert.Equal($"bytes={kept}-", mirror.Requests[^1].Range);
        Assert.Equal(Long.Content(), await File.ReadAllBytesAsync(In(Long.Name), bound));
    }
}
