using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// Names and resumes behave the same whether a batch asks the file system about each name (small batches) or reads
/// the directory once (batches of <see cref="DirectoryListing.MinimumBatch"/> or more): each test runs at both sizes.
/// </summary>
public sealed class BatchSizeTests : IDisposable
{
    private static readonly byte[] Body = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int> Sizes => [1, DirectoryListing.MinimumBatch];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DownloadAll_ExistingFile_SavesUnderTheNextFreeName(int batch)
    {
        File.WriteAllText(_dir["a.bin"], "mine");

        var results = Run.Virtual(Options(), Serve(), Batch("a.bin", batch));

        Assert.Equal("a.1.bin", results[0].FileName);
        Assert.Equal("mine", File.ReadAllText(_dir["a.bin"]));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.1.bin"]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DownloadAll_ExistingFileWithOverwritePolicy_ReplacesIt(int batch)
    {
        File.WriteAllText(_dir["a.bin"], "mine");

        var results = Run.Virtual(Options() with { Collision = CollisionPolicy.Overwrite }, Serve(), Batch("a.bin", batch));

        Assert.Equal("a.bin", results[0].FileName);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DownloadAll_FileCreatedWhileDownloading_IsNotReplaced(int batch)
    {
        // The name was free when the batch was queued; another program takes it before the rename.
        var handler = Serve(onRequest: url =>
        {
            if (url.EndsWith("/a.bin", StringComparison.Ordinal))
            {
                File.WriteAllText(_dir["a.bin"], "theirs");
            }
        });

        var results = Run.Virtual(Options(), handler, Batch("a.bin", batch));

        Assert.Equal("a.1.bin", results[0].FileName);
        Assert.Equal("theirs", File.ReadAllText(_dir["a.bin"]));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.1.bin"]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DownloadAll_PartFileWithMetadata_ResumesWithRangeAndIfRange(int batch)
    {
        File.WriteAllBytes(_dir["a.bin.part"], Body[..1000]);
        Assert.True(new PartMetadata("http://files.test/a.bin", "\"v1\"", Body.Length).TrySave(_dir["a.bin.part"]));
        var handler = Serve();

        Run.Virtual(Options(), handler, Batch("a.bin", batch));

        var request = handler.Requests.Single(r => r.RequestUri!.AbsolutePath == "/a.bin");
        Assert.Equal(("bytes=1000-", "\"v1\""), (request.Headers.Range?.ToString(), request.Headers.GetValues("If-Range").Single()));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
        Assert.False(File.Exists(_dir["a.bin.part.meta"]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DownloadAll_OrphanedMetadata_IsDeleted(int batch)
    {
        Assert.True(new PartMetadata("http://files.test/a.bin", "\"v1\"", Body.Length).TrySave(_dir["a.bin.part"]));

        Run.Virtual(Options(), Serve(), Batch("a.bin", batch));

        Assert.False(File.Exists(_dir["a.bin.part.meta"]));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    private DownloadOptions Options() => new() { Directory = _dir.Path, Jitter = new FixedRandom(0) };

    /// <summary><paramref name="first"/>, then other files up to <paramref name="size"/> requests.</summary>
    private static IEnumerable<DownloadRequest> Batch(string first, int size) =>
        Enumerable.Range(0, size).Select(i => new DownloadRequest(new Uri("http://files.test/" + (i == 0 ? first : $"other{i}.bin"))));

    /// <summary>Answers every URL with <see cref="Body"/> (ranges honoured, ETag "v1").</summary>
    private static ScriptedHandler Serve(Action<string>? onRequest = null) => new((request, _) =>
    {
        onRequest?.Invoke(request.RequestUri!.AbsoluteUri);
        var from = request.Headers.Range?.Ranges.Single().From ?? 0;
        if (from == 0)
        {
            return Task.FromResult(ScriptedHandler.Ok(Body));
        }

        var response = ScriptedHandler.Ok(Body[(int)from..]);
        response.StatusCode = System.Net.HttpStatusCode.PartialContent;
        response.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(from, Body.Length - 1, Body.Length);
        return Task.FromResult(response);
    });
}
