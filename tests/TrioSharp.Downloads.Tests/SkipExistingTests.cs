using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// SkipExisting against a real mirror: a taken final name means no request and untouched bytes, whether the batch
/// asks about each name or reads the directory once (<see cref="DirectoryListing.MinimumBatch"/> or more).
/// </summary>
public sealed class SkipExistingTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int> Sizes => [1, DirectoryListing.MinimumBatch];

    private DownloadOptions Options => Run.Fast(_dir.Path) with { SkipExisting = true };

    private static List<DownloadRequest> Batch(Uri server, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Run.Get(server, $"data/100/f{i}.bin"))];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task DownloadAll_SkipExistingWithTheFileThere_MakesNoRequestForItAndLeavesItsBytes(int batch)
    {
        await using var mirror = await MirrorServer.StartAsync();
        await File.WriteAllTextAsync(_dir["f0.bin"], "mine");

        var results = await Run.RealAsync(Options, Batch(mirror.BaseAddress, batch));

        Assert.Equal((DownloadState.Skipped, 0, 4L, _dir["f0.bin"]), (results[0].State, results[0].Attempts, results[0].Bytes, results[0].Path));
        Assert.Equal("mine", await File.ReadAllTextAsync(_dir["f0.bin"]));
        Assert.DoesNotContain(mirror.Requests, r => r.PathAndQuery.EndsWith("/f0.bin", StringComparison.Ordinal));
        Assert.Equal(batch - 1, mirror.RequestCount);
        Assert.All(results.Skip(1), r => Assert.Equal((DownloadState.Completed, 100L), (r.State, r.Bytes)));
        Assert.Equal(batch, _dir.Files().Length);
    }

    [Fact]
    public async Task DownloadAll_SkipExistingWithAPartBesideTheFile_LeavesBothAsTheyWere()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await File.WriteAllTextAsync(_dir["f0.bin"], "mine");
        await File.WriteAllTextAsync(_dir["f0.bin.part"], "half");

        var results = await Run.RealAsync(Options, Batch(mirror.BaseAddress, 1));

        Assert.Equal(DownloadState.Skipped, results[0].State);
        Assert.Equal(0, mirror.RequestCount);
        Assert.Equal(["f0.bin", "f0.bin.part"], _dir.Files());
        Assert.Equal(("mine", "half"), (await File.ReadAllTextAsync(_dir["f0.bin"]), await File.ReadAllTextAsync(_dir["f0.bin.part"])));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task DownloadAll_SkipExistingWithADirectoryOfThatName_DownloadsUnderTheNextFreeName(int batch)
    {
        // A directory is not the file asked for: the download goes ahead, as without SkipExisting.
        await using var mirror = await MirrorServer.StartAsync();
        Directory.CreateDirectory(_dir["f0.bin"]);

        var results = await Run.RealAsync(Options, Batch(mirror.BaseAddress, batch));

        Assert.Equal((DownloadState.Completed, "f0.1.bin", 100L), (results[0].State, results[0].FileName, new FileInfo(_dir["f0.1.bin"]).Length));
        Assert.Equal(batch, mirror.RequestCount);
    }
}
