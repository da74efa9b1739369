using System.Security.Cryptography;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Downloads from a real mirror on 127.0.0.1 with its fault switches, asserting the bytes on disk.</summary>
public sealed class MirrorFaultTests : IDisposable
{
    private static readonly GutenbergBook Holmes = GutenbergBook.All[2];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<MirrorServer> Mirror(MirrorFaults? faults = null) =>
        MirrorServer.StartAsync(new MirrorOptions { Faults = faults ?? new MirrorFaults() });

    [Fact]
    public async Task DownloadAll_ThreeBooks_SavesEveryByteAndHashAndNoPartFile()
    {
        await using var mirror = await Mirror();

        var results = await Run.RealAsync(Run.Fast(_dir.Path), GutenbergBook.All.Select(b => Run.Get(mirror.BaseAddress, b.Path, b.Title + ".txt")));

        foreach (var (book, result) in GutenbergBook.All.Zip(results))
        {
            Assert.Equal(book.Content(), await File.ReadAllBytesAsync(_dir[book.Title + ".txt"]));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(book.Content())), result.Sha256);
            Assert.Equal((DownloadState.Completed, 1, (long)book.Size), (result.State, result.Attempts, result.Bytes));
        }

        Assert.Equal(3, _dir.Files().Length);
    }

    [Fact]
    public async Task DownloadAll_SameDownloaderOnASecondLoop_FetchesWithoutAFailedAttempt()
    {
        await using var mirror = await Mirror();
        using var downloader = new Downloader(Run.Fast(_dir.Path));
        var books = GutenbergBook.All.Take(2).ToArray();

        // The first loop's connections stay in the pool; its socket waits end with it. The second loop must not
        // fail an attempt on one of them.
        foreach (var (book, index) in books.Select((b, i) => (b, i)))
        {
            var result = await Task.Run(() => Trio.Run(() => downloader.DownloadAsync(Run.Get(mirror.BaseAddress, book.Path, $"{index}.txt"))));
            Assert.Equal((DownloadState.Completed, 1), (result.State, result.Attempts));
        }

        Assert.Equal(books.Select(b => b.Content()), books.Select((_, i) => File.ReadAllBytes(_dir[$"{i}.txt"])));
    }

    [Fact]
    public async Task DownloadAll_503Then429WithRetryAfter_RetriesAndHonoursTheWait()
    {
        await using var mirror = await Mirror(new MirrorFaults { FailFirst = 1, ThrottleFirst = 1, RetryAfterSeconds = 1 });
        var observer = new RecordingObserver();

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path)], observer);

        Assert.Equal([503, 429], observer.Retries.Select(r => r.Failure.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(1), observer.Retries[1].Delay);
        Assert.True(results[0].Elapsed >= TimeSpan.FromSeconds(1), $"elapsed {results[0].Elapsed}");
        Assert.Equal(3, results[0].Attempts);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_BodyCutMidway_ResumesWithRangeAndIfRange()
    {
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1 });
        var observer = new RecordingObserver();

        await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path)], observer);

        Assert.Equal(
            [new MirrorRequest("GET", Holmes.Path, null, null, 200), new MirrorRequest("GET", Holmes.Path, "bytes=100000-", Holmes.ETag(), 206)],
            mirror.Requests);
        Assert.Equal(DownloadFailure.Truncated, Assert.Single(observer.Retries).Failure.Reason);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
        Assert.Equal(["1661-0.txt"], _dir.Files());
    }

    [Fact]
    public async Task DownloadAll_ETagChangesBetweenAttempts_RestartsFromZeroInsteadOfSplicing()
    {
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1, ChangeContentAfter = 1 });

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        var second = mirror.Requests[1];
        Assert.Equal(("bytes=100000-", Holmes.ETag(0), 200), (second.Range, second.IfRange, second.Status));
        Assert.Equal(Holmes.Content(1), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Holmes.Content(1))), results[0].Sha256);
    }

    [Fact]
    public async Task DownloadAll_ServerIgnoresRange_RestartsFromZero()
    {
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1, IgnoreRange = true });

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal(("bytes=100000-", 200), (mirror.Requests[1].Range, mirror.Requests[1].Status));
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
        Assert.Equal((long)Holmes.Size, results[0].Bytes);
    }

    [Fact]
    public async Task DownloadAll_BodyStalls_GivesUpAfterTheStallTimeoutAndResumes()
    {
        await using var mirror = await Mirror(new MirrorFaults { StallBodyAt = 50_000, StallFirst = 1 });
        var observer = new RecordingObserver();
        var options = Run.Fast(_dir.Path) with { StallTimeout = TimeSpan.FromSeconds(1) };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, Holmes.Path)], observer);

        Assert.Equal(DownloadFailure.Stalled, Assert.Single(observer.Retries).Failure.Reason);
        Assert.Equal(("bytes=50000-", 206), (mirror.Requests[1].Range, mirror.Requests[1].Status));
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
        Assert.Equal(DownloadState.Completed, results[0].State);
    }

    [Fact]
    public async Task DownloadAll_ChecksumMismatch_KeepsThePartFileAndWritesNoFinalFile()
    {
        await using var mirror = await Mirror();
        var wrong = new string('0', 64);

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path, sha256: wrong)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.ChecksumMismatch), (results[0].State, results[0].Error?.Reason));
        Assert.Equal(["1661-0.txt.part", "1661-0.txt.part.meta"], _dir.Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt.part"]));
        Assert.Equal(_dir["1661-0.txt.part"], results[0].Path);
    }

    [Fact]
    public async Task DownloadAll_MatchingChecksum_Completes()
    {
        await using var mirror = await Mirror();
        var sha = Convert.ToHexString(SHA256.HashData(Holmes.Content()));

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path, sha256: sha)]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_KeepPartialFilesOff_DeletesThePartOfAFailedFile()
    {
        // Every answer is the whole file cut at 1,000 bytes: no attempt gets further than the first.
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 1000, IgnoreRange = true });
        var options = Run.Fast(_dir.Path) with { MaxAttempts = 2, KeepPartialFiles = false };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Truncated), (results[0].State, results[0].Error?.Reason));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task DownloadAll_EveryAnswerCutAfterOneMebibyte_KeepsResumingPastTheRetryBudget()
    {
        var file = new GeneratedFile("eight.bin", 8 << 20);
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 1 << 20 });
        var options = Run.Fast(_dir.Path) with { MaxAttempts = 2 };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, file.Path)]);

        // Each attempt adds 1 MiB, so none uses up the budget of 2 attempts in a row without progress.
        Assert.Equal((DownloadState.Completed, 8), (results[0].State, results[0].Attempts));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i == 0 ? null : $"bytes={i << 20}-"), mirror.Requests.Select(r => r.Range));
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(_dir["eight.bin"]));
    }

    [Fact]
    public async Task DownloadTo_StreamAndACutBody_WritesEveryByteOnceWithoutAnyFile()
    {
        await using var mirror = await Mirror(new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1 });
        using var output = new MemoryStream();

        var result = await Task.Run(() => Trio.Run(async () =>
        {
            using var downloader = new Downloader(Run.Fast(_dir.Path));
            return await downloader.DownloadToAsync(Run.Get(mirror.BaseAddress, Holmes.Path), output);
        }));

        Assert.Equal((DownloadState.Completed, 2, (long)Holmes.Size), (result.State, result.Attempts, result.Bytes));
        Assert.Equal(Holmes.Content(), output.ToArray());
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task DownloadAll_ConnectionRefused_RetriesThenFailsNamingTheServer()
    {
        // Port 1 on loopback refuses connections: nothing listens there.
        var options = Run.Fast(_dir.Path) with { MaxAttempts = 2 };

        var results = await Run.RealAsync(options, [new DownloadRequest(new Uri("http://127.0.0.1:1/a.bin"))]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Connection, 2), (results[0].State, results[0].Error?.Reason, results[0].Attempts));
        Assert.StartsWith("cannot reach http://127.0.0.1:1", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task DownloadAll_Http2PriorKnowledge_DownloadsOverHttp2()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Http2Only = true });
        var files = Enumerable.Range(0, 4).Select(i => new GeneratedFile($"h{i}.bin", 100_000)).ToList();

        var results = await Run.RealAsync(Run.Fast(_dir.Path) with { Http2PriorKnowledge = true }, files.Select(f => Run.Get(mirror.BaseAddress, f.Path)));

        Assert.All(results, r => Assert.Equal(DownloadState.Completed, r.State));
        foreach (var file in files)
        {
            Assert.Equal(file.Content(), await File.ReadAllBytesAsync(_dir[file.Name]));
        }
    }
}
