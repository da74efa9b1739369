using System.Net;
using System.Text.Json;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// When the resume metadata is on disk: a body arrives in slow chunks (on the virtual clock) and the test looks at the
/// directory each time the downloader asks for more, as a process killed at that moment would leave it.
/// </summary>
public sealed class ResumeDataTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Downloads <paramref name="size"/> bytes sent in <paramref name="chunks"/> chunks a second apart; returns what the directory held before each read.</summary>
    private List<(long PartBytes, string? Metadata)> DownloadInChunks(int size, int chunks, string etag = "\"v1\"")
    {
        var body = new byte[size];
        Random.Shared.NextBytes(body);
        var seen = new List<(long, string?)>();
        var handler = new ScriptedHandler((_, _) =>
        {
            var stream = new SlowStream(body, size / chunks, () => seen.Add(Look()));
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream) };
            response.Content.Headers.ContentLength = size;
            response.Headers.ETag = System.Net.Http.Headers.EntityTagHeaderValue.Parse(etag);
            return Task.FromResult(response);
        });

        var results = Run.Virtual(new DownloadOptions { Directory = _dir.Path }, handler, [new(new Uri("http://files.test/a.bin"))]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(body, File.ReadAllBytes(_dir["a.bin"]));
        return seen;
    }

    private (long, string?) Look() => (
        File.Exists(_dir["a.bin.part"]) ? new FileInfo(_dir["a.bin.part"]).Length : -1,
        File.Exists(_dir["a.bin.part.meta"]) ? File.ReadAllText(_dir["a.bin.part.meta"]) : null);

    [Fact]
    public void DownloadAll_LargeBodyInChunks_MetadataIsOnDiskWheneverThePartHasBytes()
    {
        var seen = DownloadInChunks(3 << 20, 12);

        // Bytes reached the .part while the body was still coming, and every time they had, the metadata was there.
        Assert.Contains(seen, s => s.PartBytes > 0);
        foreach (var (bytes, metadata) in seen.Where(s => s.PartBytes > 0))
        {
            Assert.NotNull(metadata);
            using var json = JsonDocument.Parse(metadata);
            Assert.Equal(("http://files.test/a.bin", "\"v1\"", 3L << 20), (
                json.RootElement.GetProperty("Url").GetString(), json.RootElement.GetProperty("Validator").GetString(),
                json.RootElement.GetProperty("Length").GetInt64()));
        }

        Assert.Equal(["a.bin"], _dir.Files());
    }

    [Fact]
    public void DownloadAll_BodyThatFitsTheBuffer_NeverWritesMetadataNorPartialBytes()
    {
        var seen = DownloadInChunks(64 << 10, 4);

        // Nothing until the body was all there; then all of it at once (the fifth read finds the end), without metadata.
        Assert.Equal([(0, null), (0, null), (0, null), (0, null), (64 << 10, null)], seen);
        Assert.Equal(["a.bin"], _dir.Files());
    }

    /// <summary>Hands out <paramref name="body"/> <paramref name="chunk"/> bytes per read, one virtual second apart, calling <paramref name="onRead"/> first.</summary>
    private sealed class SlowStream(byte[] body, int chunk, Action onRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => body.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onRead();
            await Trio.Sleep(1);
            var n = Math.Min(Math.Min(chunk, buffer.Length), body.Length - _position);
            body.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
