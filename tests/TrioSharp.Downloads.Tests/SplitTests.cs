using System.Text.Json;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>One file over several connections (<see cref="DownloadOptions.Split"/>) against a real mirror: exact bytes in every case.</summary>
public sealed class SplitTests : IDisposable
{
    private static readonly GeneratedFile File4M = new("four.bin", 4 << 20);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DownloadOptions Options => Run.Fast(_dir.Path) with { Split = 4 };

    private static string Range(int segment, int of = 4) => $"bytes={(4L << 20) * segment / of}-{((4L << 20) * (segment + 1) / of) - 1}";

    [Fact]
    public async Task DownloadAll_SplitFour_FetchesFourRangesIntoOneFile()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        Assert.Equal((DownloadState.Completed, (long)File4M.Size), (results[0].State, results[0].Bytes));
        Assert.Equal(File4M.Content(), await File.ReadAllBytesAsync(_dir["four.bin"]));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File4M.Content())), results[0].Sha256);
        Assert.Null(mirror.Requests[0].Range);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Range(i)).Order(), mirror.Requests.Skip(1).Select(r => r.Range!).Order());
        Assert.All(mirror.Requests.Skip(1), r => Assert.Equal((File4M.ETag(), 206), (r.IfRange, r.Status)));
        Assert.Equal(["four.bin"], _dir.Files());
    }

    [Fact]
    public async Task DownloadAll_SplitAndRangesIgnored_FallsBackToOneConnection()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { IgnoreRange = true } });

        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        // No Accept-Ranges: the first answer's body is simply read.
        Assert.Equal((DownloadState.Completed, 1), (results[0].State, mirror.RequestCount));
        Assert.Equal(File4M.Content(), await File.ReadAllBytesAsync(_dir["four.bin"]));
    }

    [Fact]
    public async Task DownloadAll_SplitAndTheFileChangesAfterTheFirstAnswer_StartsAgainOverOneConnection()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { ChangeContentAfter = 1 } });

        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        // The ranges' If-Range names the first version: the server answers 200, and splitting ends.
        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(File4M.Content(1), await File.ReadAllBytesAsync(_dir["four.bin"]));
        Assert.Null(mirror.Requests[^1].Range);
    }

    [Fact]
    public async Task DownloadAll_SplitAndEveryAnswerCut_ResumesEachSegmentWhereItStopped()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 300_000, CutFirst = 2 } });

        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(File4M.Content(), await File.ReadAllBytesAsync(_dir["four.bin"]));
    }

    [Fact]
    public async Task DownloadAll_SplitStalledThenRerun_ResumesEverySegmentFromItsRecordedProgress()
    {
        // The first answer and the four ranges stall after 300,000 bytes each; later requests are served whole.
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 300_000, StallFirst = 5 } });
        var once = Options with { MaxAttempts = 1, StallTimeout = TimeSpan.FromSeconds(1) };

        var failed = await Run.RealAsync(once, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Stalled), (failed[0].State, failed[0].Error?.Reason));
        using (var meta = JsonDocument.Parse(await File.ReadAllTextAsync(_dir["four.bin.part.meta"])))
        {
            Assert.Equal(Enumerable.Repeat(300_000L, 4), meta.RootElement.GetProperty("Segments").EnumerateArray().Select(s => s.GetProperty("Done").GetInt64()));
        }

        var logged = mirror.Requests.Count;
        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, File4M.Path)]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(File4M.Content(), await File.ReadAllBytesAsync(_dir["four.bin"]));
        var starts = Enumerable.Range(0, 4).Select(i => ((4L << 20) * i / 4) + 300_000);
        Assert.Equal(starts.Select(s => $"bytes={s}-").Order(), mirror.Requests.Skip(logged).Select(r => r.Range![..(r.Range!.IndexOf('-') + 1)]).Order());
    }
}
