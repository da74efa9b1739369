using System.Net;
using System.Net.Http.Headers;

namespace TrioSharp.Mirror.Tests;

public class BookTests
{
    private const string WarAndPeace = "/files/2600/2600-0.txt";
    private const int WarAndPeaceSize = 3_359_550;
    private const string Holmes = "/files/1661/1661-0.txt";
    private const int HolmesSize = 607_788;

    public static TheoryData<string, int> Books => new()
    {
        { WarAndPeace, WarAndPeaceSize },
        { "/cache/epub/1342/pg1342.txt", 772_419 },
        { Holmes, HolmesSize },
    };

    [Theory]
    [MemberData(nameof(Books))]
    public async Task Get_Book_ServesExactlySizeBytesWithContentLength(string path, int size)
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, response.Content.Headers.ContentLength);
        Assert.Equal(size, body.Length);
    }

    [Theory]
    [InlineData(WarAndPeace)]
    [InlineData("/cache/epub/1342/pg1342.txt")]
    [InlineData(Holmes)]
    public async Task Get_Book_SendsStrongETagLastModifiedAndAcceptRanges(string path)
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync(path);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Matches("^\"[0-9a-f]+\"$", etag.Tag);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_TwoServers_ServeIdenticalBytesAndETags()
    {
        await using var first = await MirrorServer.StartAsync();
        await using var second = await MirrorServer.StartAsync();
        using var firstClient = new HttpClient { BaseAddress = first.BaseAddress };
        using var secondClient = new HttpClient { BaseAddress = second.BaseAddress };

        using var firstResponse = await firstClient.GetAsync(Holmes);
        using var secondResponse = await secondClient.GetAsync(Holmes);

        Assert.Equal(await firstResponse.Content.ReadAsByteArrayAsync(), await secondResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(firstResponse.Headers.ETag, secondResponse.Headers.ETag);
    }

    [Fact]
    public async Task Get_DifferentBooks_ServeDifferentETags()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var etags = new HashSet<string>();
        foreach (var path in (string[])[WarAndPeace, "/cache/epub/1342/pg1342.txt", Holmes])
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            etags.Add(response.Headers.ETag!.Tag);
        }

        Assert.Equal(3, etags.Count);
    }

    [Fact]
    public async Task Head_Book_SendsHeadersWithoutBody()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var get = await client.GetAsync(Holmes);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Holmes));
        var body = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HolmesSize, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Empty(body);
    }

    [Fact]
    public async Task Get_RangeFromTo_Sends206WithThoseBytes()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var full = await client.GetByteArrayAsync(Holmes);

        using var response = await client.SendAsync(Ranged(Holmes, 1000, 1999));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, 1000, 1999, HolmesSize);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        Assert.Equal(full[1000..2000], body);
    }

    [Fact]
    public async Task Get_RangeEndBeyondLength_Sends206ClippedToLastByte()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var full = await client.GetByteArrayAsync(Holmes);

        using var response = await client.SendAsync(Ranged(Holmes, HolmesSize - 10, HolmesSize + 1000));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, HolmesSize - 10, HolmesSize - 1, HolmesSize);
        Assert.Equal(full[^10..], body);
    }

    [Fact]
    public async Task Get_RangeFromOpenEnded_Sends206ToTheEnd()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var full = await client.GetByteArrayAsync(Holmes);

        using var response = await client.SendAsync(Ranged(Holmes, 600_000, null));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, 600_000, HolmesSize - 1, HolmesSize);
        Assert.Equal(full[600_000..], body);
    }

    [Fact]
    public async Task Get_RangeSuffix_Sends206WithTheLastBytes()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var full = await client.GetByteArrayAsync(Holmes);

        using var response = await client.SendAsync(Ranged(Holmes, null, 500));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, HolmesSize - 500, HolmesSize - 1, HolmesSize);
        Assert.Equal(full[^500..], body);
    }

    [Fact]
    public async Task Get_RangeSuffixLongerThanBook_Sends206WithWholeBook()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var full = await client.GetByteArrayAsync(Holmes);

        using var response = await client.SendAsync(Ranged(Holmes, null, HolmesSize + 1));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, 0, HolmesSize - 1, HolmesSize);
        Assert.Equal(full, body);
    }

    [Fact]
    public async Task Get_RangeStartingAtLength_Sends416WithUnsatisfiedContentRange()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.SendAsync(Ranged(Holmes, HolmesSize, null));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        var range = response.Content.Headers.ContentRange;
        Assert.NotNull(range);
        Assert.False(range.HasRange);
        Assert.Equal(HolmesSize, range.Length);
        Assert.Empty(body);
    }

    [Fact]
    public async Task Get_IfRangeWithCurrentETag_HonoursTheRange()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Holmes));
        var request = Ranged(Holmes, 100, 199);
        request.Headers.IfRange = new RangeConditionHeaderValue(head.Headers.ETag!);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, 100, 199, HolmesSize);
        Assert.Equal(100, body.Length);
    }

    [Fact]
    public async Task Get_IfRangeWithStaleETag_SendsWholeBookWith200()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var request = Ranged(Holmes, 100, 199);
        request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"0123456789abcdef\""));

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(HolmesSize, body.Length);
    }

    [Fact]
    public async Task Get_IgnoreRangeFault_SendsWholeBookWith200()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { IgnoreRange = true } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.SendAsync(Ranged(Holmes, 100, 199));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Empty(response.Headers.AcceptRanges);
        Assert.Equal(HolmesSize, body.Length);
    }

    [Fact]
    public async Task Get_IfRangeWithCurrentLastModified_HonoursTheRange()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Holmes));
        var request = Ranged(Holmes, 100, 199);
        request.Headers.IfRange = new RangeConditionHeaderValue(head.Content.Headers.LastModified!.Value);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertContentRange(response, 100, 199, HolmesSize);
    }

    private static HttpRequestMessage Ranged(string path, long? from, long? to) =>
        new(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(from, to) } };

    private static void AssertContentRange(HttpResponseMessage response, long from, long to, long length)
    {
        var range = response.Content.Headers.ContentRange;
        Assert.NotNull(range);
        Assert.Equal("bytes", range.Unit);
        Assert.Equal(from, range.From);
        Assert.Equal(to, range.To);
        Assert.Equal(length, range.Length);
    }
}
