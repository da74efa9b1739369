using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Cancelling the scope mid-download keeps the bytes, and the next run resumes them.</summary>
public sealed class CancellationTests : IDisposable
{
    private static readonly GeneratedFile File1 = new("big.bin", 300_000);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DownloadAll_ScopeCancelledMidBody_KeepsThePartFileWithItsValidator()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 100_000 } });

        var scope = await CancelMidBodyAsync(mirror);

        Assert.True(scope.CancelledCaught);
        Assert.Equal(["big.bin.part", "big.bin.part.meta"], _dir.Files());
        Assert.Equal(File1.Content()[..100_000], await File.ReadAllBytesAsync(_dir["big.bin.part"]));
        Assert.Contains(File1.ETag().Replace("\"", "\\u0022", StringComparison.Ordinal), await File.ReadAllTextAsync(_dir["big.bin.part.meta"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAll_AfterCancellation_ResumesFromThePartFile()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 100_000, StallFirst = 1 } });
        await CancelMidBodyAsync(mirror);

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, File1.Path)]);

        var request = mirror.Requests[1];
        Assert.Equal(("bytes=100000-", File1.ETag(), 206), (request.Range, request.IfRange, request.Status));
        Assert.Equal(["big.bin"], _dir.Files());
        Assert.Equal(File1.Content(), await File.ReadAllBytesAsync(_dir["big.bin"]));
        Assert.Equal(300_000, results[0].Bytes);
    }

    [Fact]
    public async Task DownloadAll_PartFileWithoutMetadata_StartsAgainFromZero()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await File.WriteAllBytesAsync(_dir["big.bin.part"], new byte[5000]);

        await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, File1.Path)]);

        Assert.Null(Assert.Single(mirror.Requests).Range);
        Assert.Equal(File1.Content(), await File.ReadAllBytesAsync(_dir["big.bin"]));
    }

    /// <summary>Starts the download and cancels its scope once the stalled body's first bytes are on disk.</summary>
    private async Task<CancelScope> CancelMidBodyAsync(MirrorServer mirror) =>
        await Task.Run(() => Trio.Run(async () =>
        {
            using var downloader = new Downloader(Run.Fast(_dir.Path));
            var observer = new RecordingObserver();
            var scope = new CancelScope();
            await scope.RunAsync(() => Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(() => downloader.DownloadAllAsync([Run.Get(mirror.BaseAddress, File1.Path)], observer));
                // The body stalls at 100,000 bytes; wait for them with a generous bound, then cancel.
                await Trio.FailAfter(30, async () =>
                {
                    while (observer.Items.Count == 0 || observer.Items[0].BytesReceived < 100_000)
                    {
                        await Trio.Sleep(0.01);
                    }
                });
                scope.Cancel();
            }));
            Assert.Equal(DownloadState.Cancelled, observer.Items[0].State);
            return scope;
        }));
}
