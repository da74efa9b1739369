using System.Net;
using System.Net.Http.Headers;

namespace TrioSharp.Mirror.Tests;

public class GeneratedFileTests
{
    [Theory]
    [InlineData("16384", 16384L)]
    [InlineData("16K", 16384L)]
    [InlineData("10m", 10485760L)]
    [InlineData("1G", 1073741824L)]
    public void TryParseSize_ValidText_ReturnsBytes(string text, long expected)
    {
        Assert.True(GeneratedFile.TryParseSize(text, out var size));
        Assert.Equal(expected, size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-1")]
    [InlineData("1T")]
    [InlineData("65G")]
    public void TryParseSize_InvalidText_ReturnsFalse(string text) => Assert.False(GeneratedFile.TryParseSize(text, out _));

    [Fact]
    public void Fill_AnyOffset_MatchesTheWholeContent()
    {
        var file = new GeneratedFile("a.bin", 1000);
        var whole = file.Content();
        var slice = new byte[77];

        file.Fill(333, slice);

        Assert.Equal(whole[333..410], slice);
    }

    [Fact]
    public void Content_OtherRevision_DiffersInBytesAndETag()
    {
        var file = new GeneratedFile("a.bin", 64);

        Assert.NotEqual(file.Content(0), file.Content(1));
        Assert.NotEqual(file.ETag(0), file.ETag(1));
    }

    [Fact]
    public async Task Get_GeneratedPath_ServesTheGeneratedBytesWithValidators()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var file = new GeneratedFile("f0001.bin", 16 * 1024);

        using var response = await client.GetAsync("data/16K/f0001.bin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file.Content(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(file.ETag(), response.Headers.ETag?.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task Get_RangeNearTheEndOfAGibibyte_ServesTheSliceWithoutTheWholeFile()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var file = new GeneratedFile("big.bin", 1L << 30);
        var expected = new byte[1000];
        file.Fill((1L << 30) - 1000, expected);
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/1G/big.bin");
        request.Headers.Range = new RangeHeaderValue((1L << 30) - 1000, null);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {(1L << 30) - 1000}-{(1L << 30) - 1}/{1L << 30}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_FilenameQuery_SendsTheNameVerbatimInContentDisposition()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("data/10/x.bin?filename=" + Uri.EscapeDataString("../../evil\u0001 \u00e9.txt"));

        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("../../evil\u0001 \u00e9.txt", disposition?.FileNameStar);
        Assert.Equal("../../evil_ _.txt", disposition?.FileName);
    }

    [Fact]
    public async Task Get_MalformedSize_Answers404()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("data/lots/x.bin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_CutGeneratedBody_SendsOnlyThePrefix()
    {
        var faults = new MirrorFaults { CutBodyAt = 5000, CutFirst = 1 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync("data/16K/a.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();

        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));

        Assert.Equal(new GeneratedFile("a.bin", 16 * 1024).Content()[..5000], received.ToArray());
    }

    [Fact]
    public async Task Requests_RangeRequest_RecordsItsHeadersAndStatus()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var file = new GeneratedFile("a.bin", 100);
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/100/a.bin");
        request.Headers.Range = new RangeHeaderValue(10, null);
        request.Headers.IfRange = new RangeConditionHeaderValue(file.ETag());

        using var response = await client.SendAsync(request);

        var logged = Assert.Single(server.Requests);
        Assert.Equal(new MirrorRequest("GET", "/data/100/a.bin", "bytes=10-", file.ETag(), 206), logged);
    }

    [Fact]
    public async Task Http2Only_PriorKnowledgeClient_IsAnsweredOverHttp2()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Http2Only = true });
        using var client = new HttpClient
        {
            BaseAddress = server.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.GetAsync("data/1K/a.bin");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(new GeneratedFile("a.bin", 1024).Content(), await response.Content.ReadAsByteArrayAsync());
    }
}
