using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// The resume metadata's file: written field by field, read back by the source-generated serializer, so the two must
/// agree on every shape the metadata takes.
/// </summary>
public sealed class PartMetadataTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private PartMetadata? SaveAndRead(PartMetadata metadata)
    {
        File.WriteAllBytes(_dir["a.bin.part"], [1, 2, 3]);
        Assert.True(metadata.TrySave(_dir["a.bin.part"]));
        return PartMetadata.Read(_dir["a.bin.part"]);
    }

    [Fact]
    public void TrySave_WithLength_ReadsBackTheSameFields()
    {
        var read = SaveAndRead(new PartMetadata("http://files.test/a.bin?x=1&y=<2>", "\"etag \\\"quoted\\\"\"", 1234));

        Assert.Equal(("http://files.test/a.bin?x=1&y=<2>", "\"etag \\\"quoted\\\"\"", (long?)1234, (IReadOnlyList<PartSegment>?)null),
            (read?.Url, read?.Validator, read?.Length, read?.Segments));
    }

    [Fact]
    public void TrySave_WithoutLength_ReadsBackNoLength()
    {
        var read = SaveAndRead(new PartMetadata("http://files.test/a.bin", "Tue, 01 Dec 2026 10:00:00 GMT", null));

        Assert.Equal(("Tue, 01 Dec 2026 10:00:00 GMT", (long?)null), (read?.Validator, read?.Length));
    }

    [Fact]
    public void TrySave_WithSegments_ReadsBackEverySegment()
    {
        PartSegment[] segments = [new(0, 100, 100), new(100, 200, 37), new(200, 301, 0)];

        var read = SaveAndRead(new PartMetadata("http://files.test/a.bin", "\"v1\"", 301, segments));

        Assert.Equal(segments, read?.Segments);
    }

    [Fact]
    public void TrySave_NonAsciiUrl_ReadsBackTheSameUrl()
    {
        var read = SaveAndRead(new PartMetadata("http://files.test/café/ünï.bin", "\"v1\"", 1));

        Assert.Equal("http://files.test/café/ünï.bin", read?.Url);
    }
}
