using System.Diagnostics;
using System.Net;

namespace TrioSharp.Mirror.Tests;

/// <summary>The redirect and header routes, conditional requests, the body byte count and the per-connection rate switch.</summary>
public class RedirectAndRateTests
{
    private static HttpClient NoRedirects(MirrorServer server) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    [Fact]
    public async Task Redirect_FileUrl_Answers302WithTheTargetVerbatim()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = NoRedirects(server);

        using var response = await client.GetAsync("redirect?to=" + Uri.EscapeDataString("file:///etc/passwd"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("file:///etc/passwd", Assert.Single(response.Headers.NonValidated["Location"]));
    }

    [Fact]
    public async Task Loop_A_RedirectsToBWhichRedirectsBack()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = NoRedirects(server);

        using var a = await client.GetAsync("loop/a");
        using var b = await client.GetAsync("loop/b");

        Assert.Equal(("/loop/b", "/loop/a"), (a.Headers.Location?.OriginalString, b.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task BodyBytesSent_TwoFiles_CountsEveryBodyByte()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        await client.GetByteArrayAsync("data/100000/a.bin");
        await client.GetByteArrayAsync("data/5000/b.bin");

        Assert.Equal(105_000, server.BodyBytesSent);
    }

    [Fact]
    public async Task RatePerConnection_200KiBPerSecond_SendsHalfAMebibyteInNoLessThanTwoSeconds()
    {
        var faults = new MirrorFaults { RatePerConnection = 200 << 10 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var clock = Stopwatch.StartNew();

        var body = await client.GetByteArrayAsync("data/512K/a.bin");

        // A lower bound only (the pace cannot be beaten); the last 16 KiB chunk is sent without waiting after it.
        Assert.Equal(512 << 10, body.Length);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(((512 - 16) / 200.0) - 0.05), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task IfModifiedSince_LastModifiedOrLater_Answers304WithoutABody()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/5000/a.bin");
        request.Headers.IfModifiedSince = GutenbergBook.LastModified;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IgnoreIfModifiedSince_On_Answers200()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { IgnoreIfModifiedSince = true } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/5000/a.bin");
        request.Headers.IfModifiedSince = GutenbergBook.LastModified;

        using var response = await client.SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, 5000), (response.StatusCode, (await response.Content.ReadAsByteArrayAsync()).Length));
    }

    [Fact]
    public async Task Headers_Request_AnswersItsHeadersOnePerLine()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Probe", "42");

        var text = await client.GetStringAsync("headers");

        Assert.Contains("X-Probe: 42", text.Split('\n'));
    }
}
