using System.Net;
using System.Net.Http.Headers;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Resuming a kept <c>.part</c> file: what is sent, and what each answer does to the bytes.</summary>
public sealed class ResumeTests : IDisposable
{
    private static readonly byte[] Body = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];
    private static readonly Uri Url = new("http://files.test/a.bin");
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DownloadOptions Options => new() { Directory = _dir.Path, Jitter = new FixedRandom(0) };

    private void KeepPart(int bytes, long? length = 1000)
    {
        File.WriteAllBytes(_dir["a.bin.part"], Body[..bytes]);
        Assert.True(new PartMetadata(Url.AbsoluteUri, "\"v1\"", length).TrySave(_dir["a.bin.part"]));
    }

    [Fact]
    public void DownloadAll_PartWithMetadata_SendsRangeAndIfRangeAndAppendsThe206()
    {
        KeepPart(600);
        var handler = new ScriptedHandler((request, _) =>
        {
            var rest = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Body[600..]) };
            rest.Content.Headers.ContentRange = new ContentRangeHeaderValue(600, 999, 1000);
            return Task.FromResult(rest);
        });

        Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(("bytes=600-", "\"v1\""), (sent.Headers.Range?.ToString(), sent.Headers.GetValues("If-Range").Single()));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
        Assert.Equal(["a.bin"], _dir.Files());
    }

    [Fact]
    public void DownloadAll_416NamingThePartLength_CompletesWithoutABody()
    {
        KeepPart(1000);
        var handler = new ScriptedHandler((_, _) =>
        {
            var done = ScriptedHandler.Status(HttpStatusCode.RequestedRangeNotSatisfiable);
            done.Content.Headers.ContentRange = new ContentRangeHeaderValue(1000);
            return Task.FromResult(done);
        });

        var results = Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        Assert.Equal((DownloadState.Completed, 1), (results[0].State, results[0].Attempts));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_416ForAnotherLength_StartsAgainFromZero()
    {
        KeepPart(1000, length: null);
        var handler = new ScriptedHandler((request, n) =>
        {
            if (n > 1)
            {
                Assert.Null(request.Headers.Range);
                return Task.FromResult(ScriptedHandler.Ok(Body[..500]));
            }

            var other = ScriptedHandler.Status(HttpStatusCode.RequestedRangeNotSatisfiable);
            other.Content.Headers.ContentRange = new ContentRangeHeaderValue(500);
            return Task.FromResult(other);
        });

        var results = Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        Assert.Equal((DownloadState.Completed, 2), (results[0].State, results[0].Attempts));
        Assert.Equal(Body[..500], File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_206FromTheWrongOffset_StartsAgainFromZero()
    {
        KeepPart(600);
        var handler = new ScriptedHandler((request, n) =>
        {
            if (n > 1)
            {
                return Task.FromResult(ScriptedHandler.Ok(Body));
            }

            var wrong = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Body[500..]) };
            wrong.Content.Headers.ContentRange = new ContentRangeHeaderValue(500, 999, 1000);
            return Task.FromResult(wrong);
        });

        var observer = new RecordingObserver();

        Run.Virtual(Options, handler, [new DownloadRequest(Url)], observer);

        Assert.Equal(DownloadFailure.Protocol, Assert.Single(observer.Retries).Failure.Reason);
        Assert.Null(handler.Requests[1].Headers.Range);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_MetadataForAnotherUrl_StartsAgainFromZero()
    {
        File.WriteAllBytes(_dir["a.bin.part"], Body[..600]);
        Assert.True(new PartMetadata("http://elsewhere.test/a.bin", "\"v1\"", 1000).TrySave(_dir["a.bin.part"]));
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Ok(Body)));

        Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        Assert.Null(Assert.Single(handler.Requests).Headers.Range);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_WeakETagAndNoLastModified_IsNotResumedAfterACut()
    {
        var handler = new ScriptedHandler((request, n) =>
        {
            var response = ScriptedHandler.Ok(n == 1 ? Body[..300] : Body, etag: "W/\"weak\"");
            response.Content.Headers.ContentLength = Body.Length;
            return Task.FromResult(response);
        });

        var results = Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        Assert.Equal(2, results[0].Attempts);
        Assert.Null(handler.Requests[1].Headers.Range);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_RestartAnsweredWithoutValidator_NeverResumesOnTheOldOne()
    {
        var revised = Body.Select(b => (byte)~b).ToArray();
        var handler = new ScriptedHandler((request, n) =>
        {
            var response = n == 1 ? ScriptedHandler.Ok(Body[..300]) : new HttpResponseMessage(HttpStatusCode.OK)
            {
                // The file changed (200 to the If-Range) and the answer carries no validator; the first two are cut short.
                Content = new ByteArrayContent(n == 2 ? revised[..400] : revised),
            };
            response.Content.Headers.ContentLength = Body.Length;
            return Task.FromResult(response);
        });

        Run.Virtual(Options, handler, [new DownloadRequest(Url)]);

        Assert.Equal("bytes=300-", handler.Requests[1].Headers.Range?.ToString());
        Assert.Null(handler.Requests[2].Headers.Range);
        Assert.Equal(revised, File.ReadAllBytes(_dir["a.bin"]));
    }
}
