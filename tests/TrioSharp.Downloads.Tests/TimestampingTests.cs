using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Timestamping (-N) against a real mirror: conditional requests, skips, and replacing an older copy.</summary>
public sealed class TimestampingTests : IDisposable
{
    private static readonly GutenbergBook Holmes = GutenbergBook.All[2];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DownloadOptions Options => Run.Fast(_dir.Path) with { Timestamping = true };

    [Fact]
    public async Task DownloadAll_Timestamping_SavesTheServersDateAndTheRerunIsAnswered304AndSkipped()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);
        var sent = mirror.BodyBytesSent;

        var rerun = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal(GutenbergBook.LastModified.UtcDateTime, File.GetLastWriteTimeUtc(_dir["1661-0.txt"]));
        Assert.Equal((DownloadState.Skipped, (long)Holmes.Size, _dir["1661-0.txt"]), (rerun[0].State, rerun[0].Bytes, rerun[0].Path));
        Assert.Equal(304, mirror.Requests[^1].Status);
        Assert.Equal(sent, mirror.BodyBytesSent);
        Assert.Equal(["1661-0.txt"], _dir.Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_TimestampingAndServerIgnoresIfModifiedSince_SkipsTheSameLengthAndDate()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { IgnoreIfModifiedSince = true } });
        await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        var rerun = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal((200, DownloadState.Skipped), (mirror.Requests[^1].Status, rerun[0].State));
        Assert.Equal(["1661-0.txt"], _dir.Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_TimestampingWithAnOlderFileThere_ReplacesItWithoutASuffix()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await File.WriteAllTextAsync(_dir["1661-0.txt"], "an old copy");
        File.SetLastWriteTimeUtc(_dir["1661-0.txt"], new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var results = await Run.RealAsync(Options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal((DownloadState.Completed, 200), (results[0].State, mirror.Requests[^1].Status));
        Assert.Equal(["1661-0.txt"], _dir.Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
        Assert.Equal(GutenbergBook.LastModified.UtcDateTime, File.GetLastWriteTimeUtc(_dir["1661-0.txt"]));
    }
}
