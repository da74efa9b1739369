using System.Net;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Back-off, Retry-After, limits and time-outs on the virtual clock, with a scripted in-process server.</summary>
public sealed class VirtualTimeTests : IDisposable
{
    private static readonly byte[] Body = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DownloadOptions Options(double jitter = 0) => new()
    {
        Directory = _dir.Path,
        Jitter = new FixedRandom(jitter),
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
    };

    private static DownloadRequest Url(string path) => new(new Uri("http://files.test/" + path));

    [Fact]
    public void DownloadAll_Three503s_RetriesAfterExponentialBackoffWithHalfJitter()
    {
        var handler = new ScriptedHandler((_, n) => Task.FromResult(n <= 3 ? ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable) : ScriptedHandler.Ok(Body)));
        var observer = new RecordingObserver();

        var results = Run.Virtual(Options(), handler, [Url("a.bin")], observer);

        // Equal jitter drawing 0: half of 1, 2 and 4 seconds.
        Assert.Equal([(0.0, 0.5), (0.5, 1.0), (1.5, 2.0)], observer.Retries.Select(r => (r.At, r.Delay.TotalSeconds)));
        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(4, results[0].Attempts);
        Assert.Equal(TimeSpan.FromSeconds(3.5), results[0].Elapsed);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_FullJitterDraw_DoublesTheFixedHalf()
    {
        var handler = new ScriptedHandler((_, n) => Task.FromResult(n == 1 ? ScriptedHandler.Status(HttpStatusCode.BadGateway) : ScriptedHandler.Ok(Body)));
        var observer = new RecordingObserver();

        Run.Virtual(Options(jitter: 0.5), handler, [Url("a.bin")], observer);

        Assert.Equal(0.75, Assert.Single(observer.Retries).Delay.TotalSeconds);
    }

    [Fact]
    public void DownloadAll_429WithRetryAfter_WaitsExactlyWhatTheServerAsked()
    {
        var handler = new ScriptedHandler((_, n) =>
        {
            if (n > 1)
            {
                return Task.FromResult(ScriptedHandler.Ok(Body));
            }

            var throttled = ScriptedHandler.Status(HttpStatusCode.TooManyRequests);
            throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return Task.FromResult(throttled);
        });
        var observer = new RecordingObserver();

        var results = Run.Virtual(Options(), handler, [Url("a.bin")], observer);

        var retry = Assert.Single(observer.Retries);
        Assert.Equal(7.0, retry.Delay.TotalSeconds);
        Assert.Equal(429, retry.Failure.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), results[0].Elapsed);
    }

    [Fact]
    public void DownloadAll_RetryAfterBeyondTheLimit_FailsWithoutWaiting()
    {
        var handler = new ScriptedHandler((_, _) =>
        {
            var throttled = ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable);
            throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));
            return Task.FromResult(throttled);
        });

        var results = Run.Virtual(Options(), handler, [Url("a.bin")]);

        Assert.Equal(DownloadState.Failed, results[0].State);
        Assert.Equal(1, results[0].Attempts);
        Assert.Contains("retry after 3600 s", results[0].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadAll_RetryAfterFromOneFile_PausesItsWholeHost()
    {
        var handler = new ScriptedHandler(async (request, n) =>
        {
            if (request.RequestUri!.AbsolutePath == "/a.bin" && n == 1)
            {
                var throttled = ScriptedHandler.Status(HttpStatusCode.TooManyRequests);
                throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
                return throttled;
            }

            await Trio.Sleep(1);
            return ScriptedHandler.Ok(Body);
        });
        var observer = new RecordingObserver();

        // One slot per host: b.bin queues behind a.bin, and must not hit the host before the pause ends.
        Run.Virtual(Options() with { MaxPerHost = 1 }, handler, [Url("a.bin"), Url("b.bin")], observer);

        Assert.Equal(["0 started a.bin", "0 retrying a.bin in 5: HttpStatus", "5 started b.bin", "6 completed b.bin", "7 completed a.bin"], observer.Events);
    }

    [Fact]
    public void DownloadAll_404_FailsAtOnceWhileTheOthersComplete()
    {
        var handler = new ScriptedHandler((request, _) => Task.FromResult(
            request.RequestUri!.AbsolutePath == "/missing.bin" ? ScriptedHandler.Status(HttpStatusCode.NotFound) : ScriptedHandler.Ok(Body)));

        var results = Run.Virtual(Options(), handler, [Url("missing.bin"), Url("a.bin")]);

        Assert.Equal([DownloadState.Failed, DownloadState.Completed], results.Select(r => r.State));
        Assert.Equal(1, results[0].Attempts);
        Assert.Equal(404, results[0].Error!.StatusCode);
        Assert.Equal(["a.bin"], _dir.Files());
    }

    [Fact]
    public void DownloadAll_EveryAttemptFails_GivesUpAfterMaxAttempts()
    {
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Status(HttpStatusCode.InternalServerError)));

        var results = Run.Virtual(Options() with { MaxAttempts = 3 }, handler, [Url("a.bin")]);

        Assert.Equal(DownloadState.Failed, results[0].State);
        Assert.Equal(3, results[0].Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1.5), results[0].Elapsed);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void DownloadAll_PerHostAndGlobalLimits_BoundConcurrencyAndSetTheDuration()
    {
        var perHost = new Dictionary<string, int>();
        var maxPerHost = 0;
        var handler = new ScriptedHandler(async (request, _) =>
        {
            var host = request.RequestUri!.Host;
            perHost[host] = perHost.GetValueOrDefault(host) + 1;
            maxPerHost = Math.Max(maxPerHost, perHost[host]);
            await Trio.Sleep(1);
            perHost[host]--;
            return ScriptedHandler.Ok(Body);
        });
        var requests = Enumerable.Range(0, 6).Select(i => new DownloadRequest(new Uri($"http://a.test/{i}.bin")))
            .Concat(Enumerable.Range(0, 2).Select(i => new DownloadRequest(new Uri($"http://b.test/b{i}.bin"))));
        double end = 0;

        Trio.Run(
            async () =>
            {
                using var downloader = new Downloader(Options() with { MaxConcurrency = 3, MaxPerHost = 2 }, handler);
                await downloader.DownloadAllAsync(requests);
                end = Trio.CurrentTime.TotalSeconds;
            },
            new TrioRunOptions { Clock = new VirtualClock() });

        Assert.Equal(2, maxPerHost);
        Assert.Equal(3, handler.MaxInFlight);
        Assert.Equal(3.0, end);
    }

    [Fact]
    public void DownloadAll_NoHeadersWithinConnectTimeout_RetriesAfterExactlyThatTime()
    {
        var handler = new ScriptedHandler(async (_, n) =>
        {
            if (n == 1)
            {
                await Trio.SleepForever();
            }

            return ScriptedHandler.Ok(Body);
        });
        var observer = new RecordingObserver();

        var results = Run.Virtual(Options() with { ConnectTimeout = TimeSpan.FromSeconds(10) }, handler, [Url("a.bin")], observer);

        var retry = Assert.Single(observer.Retries);
        Assert.Equal((10.0, DownloadFailure.ConnectTimeout), (retry.At, retry.Failure.Reason));
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
        Assert.Equal(2, results[0].Attempts);
    }

    [Fact]
    public void DownloadAll_BodyStalls_TimesOutAfterTheStallTimeoutAndResumes()
    {
        var handler = new ScriptedHandler((request, n) =>
        {
            if (n == 1)
            {
                var stalled = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(Body[..400])) };
                stalled.Content.Headers.ContentLength = Body.Length;
                stalled.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"v1\"");
                return Task.FromResult(stalled);
            }

            Assert.Equal("bytes=400-", request.Headers.Range?.ToString());
            Assert.Equal("\"v1\"", request.Headers.GetValues("If-Range").Single());
            var rest = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Body[400..]) };
            rest.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(400, Body.Length - 1, Body.Length);
            return Task.FromResult(rest);
        });
        var observer = new RecordingObserver();

        var results = Run.Virtual(Options() with { StallTimeout = TimeSpan.FromSeconds(20) }, handler, [Url("a.bin")], observer);

        var retry = Assert.Single(observer.Retries);
        Assert.Equal((20.0, DownloadFailure.Stalled), (retry.At, retry.Failure.Reason));
        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_CancelledWhileQueued_ReportsCancelledAndLeavesNoFile()
    {
        var handler = new ScriptedHandler(async (_, _) =>
        {
            await Trio.Sleep(10);
            return ScriptedHandler.Ok(Body);
        });
        var observer = new RecordingObserver();

        Trio.Run(
            async () =>
            {
                using var downloader = new Downloader(Options() with { MaxConcurrency = 1 }, handler);
                await Trio.MoveOnAfter(1, () => downloader.DownloadAllAsync([Url("a.bin"), Url("b.bin")], observer));
            },
            new TrioRunOptions { Clock = new VirtualClock() });

        Assert.Equal("0 started a.bin", observer.Events[0]);
        Assert.Equal(["1 cancelled a.bin", "1 cancelled b.bin"], observer.Events[1..].Order(StringComparer.Ordinal));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void DownloadAll_RetryAfterAsADate_WaitsUntilThatTimeOnTheServersClock()
    {
        var serverNow = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var handler = new ScriptedHandler((_, n) =>
        {
            if (n > 1)
            {
                return Task.FromResult(ScriptedHandler.Ok(Body));
            }

            var unavailable = ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable);
            unavailable.Headers.Date = serverNow;
            unavailable.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(serverNow.AddSeconds(12));
            return Task.FromResult(unavailable);
        });
        var observer = new RecordingObserver();

        Run.Virtual(Options(), handler, [Url("a.bin")], observer);

        Assert.Equal(12.0, Assert.Single(observer.Retries).Delay.TotalSeconds);
    }

    [Fact]
    public void DownloadAsync_404_ThrowsTheReason()
    {
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Status(HttpStatusCode.NotFound)));

        var error = Assert.Throws<DownloadException>(() => Trio.Run(
            async () =>
            {
                using var downloader = new Downloader(Options(), handler);
                await downloader.DownloadAsync(Url("a.bin"));
            },
            new TrioRunOptions { Clock = new VirtualClock() }));

        Assert.Equal((DownloadFailure.HttpStatus, 404, false), (error.Reason, error.StatusCode, error.Retriable));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void DownloadAsync_WithFsync_SavesTheFileAndReturnsItsResult()
    {
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Ok(Body)));

        var result = Trio.Run(
            async () =>
            {
                using var downloader = new Downloader(Options() with { Fsync = true, ComputeSha256 = true }, handler);
                return await downloader.DownloadAsync(Url("a.bin"));
            },
            new TrioRunOptions { Clock = new VirtualClock() });

        Assert.Equal((DownloadState.Completed, _dir["a.bin"]), (result.State, result.Path));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Body)), result.Sha256);
        Assert.Equal(Body, File.ReadAllBytes(_dir["a.bin"]));
    }

    /// <summary>Yields its bytes, then waits on the loop until cancelled (a server that stops sending).</summary>
    [Fact]
    public void DownloadAll_LimitRateOneFile_TakesExactlyItsSizeOverTheRate()
    {
        var body = new byte[100 << 10];
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Ok(body)));

        var results = Run.Virtual(Options() with { MaxBytesPerSecond = 100 << 10 }, handler, [Url("a.bin")]);

        Assert.Equal((DownloadState.Completed, TimeSpan.FromSeconds(1)), (results[0].State, results[0].Elapsed));
        Assert.Equal(body, File.ReadAllBytes(_dir["a.bin"]));
    }

    [Fact]
    public void DownloadAll_LimitRateThreeFilesAtOnce_ShareTheRate()
    {
        var body = new byte[100 << 10];
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Ok(body)));

        var results = Run.Virtual(Options() with { MaxBytesPerSecond = 100 << 10 }, handler, [Url("a.bin"), Url("b.bin"), Url("c.bin")]);

        // 300 KiB at 100 KiB/s: together they take 3 s, the last finishing then; alone each would take 1 s.
        Assert.Equal(TimeSpan.FromSeconds(3), results.Max(r => r.Elapsed));
        Assert.All(results, r => Assert.True(r.Elapsed > TimeSpan.FromSeconds(2), $"{r.FileName} took {r.Elapsed}"));
    }

    /// <summary>A 200 that promises the whole body but ends after its first 500 bytes.</summary>
    private static HttpResponseMessage CutShort()
    {
        var cut = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Body[..500])) };
        cut.Content.Headers.ContentLength = Body.Length;
        cut.Headers.ETag = System.Net.Http.Headers.EntityTagHeaderValue.Parse("\"v1\"");
        return cut;
    }

    [Fact]
    public void DownloadAll_AttemptWithProgress_StartsTheRetryCountAndTheBackoffAgain()
    {
        // 503, 503, 500 bytes then cut (progress), 503, 503: with 3 attempts in a row allowed, the fifth is the last.
        var handler = new ScriptedHandler((_, n) => Task.FromResult(n == 3 ? CutShort() : ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable)));
        var observer = new RecordingObserver();

        var results = Run.Virtual(Options() with { MaxAttempts = 3 }, handler, [Url("a.bin")], observer);

        Assert.Equal([0.5, 1.0, 0.5, 1.0], observer.Retries.Select(r => r.Delay.TotalSeconds));
        Assert.Equal((DownloadState.Failed, 5, DownloadFailure.HttpStatus), (results[0].State, results[0].Attempts, results[0].Error?.Reason));
        Assert.Equal(500, new FileInfo(_dir["a.bin.part"]).Length);
    }

    [Fact]
    public void DownloadAll_MaxTimeReachedDuringABackoff_FailsAtExactlyTheLimitKeepingThePart()
    {
        var handler = new ScriptedHandler((_, n) => Task.FromResult(n == 1 ? CutShort() : ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable)));

        var results = Run.Virtual(Options() with { MaxAttempts = 100, MaxTime = TimeSpan.FromSeconds(10) }, handler, [Url("a.bin")]);

        // Back-offs of 0.5, 1, 2 and 4 s put the fifth attempt at 7.5 s; the next back-off (8 s) is cut at 10 s.
        Assert.Equal((DownloadState.Failed, DownloadFailure.TimeLimit, 5), (results[0].State, results[0].Error?.Reason, results[0].Attempts));
        Assert.Equal(TimeSpan.FromSeconds(10), results[0].Elapsed);
        Assert.Equal("http://files.test/a.bin: not done within 10 s (5 attempts, 500 of 1000 bytes).", results[0].Error!.Message);
        Assert.Equal([.. Body[..500]], File.ReadAllBytes(_dir["a.bin.part"]));
    }

    private sealed class StallingStream(byte[] prefix) : MemoryStream(prefix)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            if (n == 0)
            {
                await Trio.SleepForever();
            }

            return n;
        }
    }
}
