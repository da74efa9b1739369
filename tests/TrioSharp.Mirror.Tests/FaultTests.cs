using System.Diagnostics;
using System.Net;

namespace TrioSharp.Mirror.Tests;

public class FaultTests
{
    private const string Holmes = "/files/1661/1661-0.txt";
    private const string WarAndPeace = "/files/2600/2600-0.txt";
    private const string Countries = "/v2/country?format=json";

    [Fact]
    public async Task FailFirst_One_Answers503ThenServesTheSameUrl()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { FailFirst = 1 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var first = await client.GetAsync(Countries);
        using var second = await client.GetAsync(Countries);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task FailFirst_One_CountsEachUrlOnItsOwn()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { FailFirst = 1 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var countries = await client.GetAsync(Countries);

        using var book = await client.GetAsync(Holmes);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, book.StatusCode);
    }

    [Fact]
    public async Task ThrottleFirst_One_Answers429WithRetryAfterThenServes()
    {
        var faults = new MirrorFaults { ThrottleFirst = 1, RetryAfterSeconds = 7 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var first = await client.GetAsync(Countries);
        using var second = await client.GetAsync(Countries);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task FailureRate_One_AnswersEveryRequest503()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { FailureRate = 1.0 } });

        var statuses = await StatusesAsync(server, 10);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
    }

    [Fact]
    public async Task FailureRate_Zero_AnswersEveryRequest200()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { FailureRate = 0.0 } });

        var statuses = await StatusesAsync(server, 10);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task FailureRate_Half_FailsTheSameRequestsForTheSameSeed()
    {
        var options = new MirrorOptions { Faults = new MirrorFaults { FailureRate = 0.5, Seed = 42 } };
        await using var first = await MirrorServer.StartAsync(options);
        await using var second = await MirrorServer.StartAsync(options);

        var firstStatuses = await StatusesAsync(first, 20);
        var secondStatuses = await StatusesAsync(second, 20);

        Assert.Equal(firstStatuses, secondStatuses);
        Assert.Contains(HttpStatusCode.OK, firstStatuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, firstStatuses);
    }

    [Fact]
    public async Task Latency_200Milliseconds_DelaysTheAnswer()
    {
        await using var server = await MirrorServer.StartAsync(
            new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMilliseconds(200) } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(Countries);
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CutBodyAt_OneMillion_ClientGetsThoseBytesThenAnError()
    {
        // More than socket buffers hold, so the bytes must really be sent before the connection is closed.
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 1_000_000 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync(WarAndPeace, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        var (received, error) = await DrainAsync(body, CancellationToken.None);

        Assert.Equal(3_359_550, response.Content.Headers.ContentLength);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(1_000_000, received);
    }

    [Fact]
    public async Task CutFirst_One_ServesTheSecondRequestWhole()
    {
        var faults = new MirrorFaults { CutBodyAt = 1000, CutFirst = 1 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetByteArrayAsync(Holmes));

        var body = await client.GetByteArrayAsync(Holmes);

        Assert.Equal(607_788, body.Length);
    }

    [Fact]
    public async Task StallBodyAt_Thousand_ClientReadStallsUntilCancelled()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 1000 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync(Holmes, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var (received, error) = await DrainAsync(body, giveUp.Token);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(1000, received);
    }

    [Fact]
    public async Task ChangeContentAfter_Two_ChangesTheETagOnTheThirdRequest()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { ChangeContentAfter = 2 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var etags = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Holmes));
            etags.Add(response.Headers.ETag?.Tag);
        }

        Assert.NotNull(etags[0]);
        Assert.Equal(etags[0], etags[1]);
        Assert.NotEqual(etags[1], etags[2]);
    }

    [Fact]
    public async Task ChangeContentAfter_One_ServesDifferentBytesOfTheSameSize()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { ChangeContentAfter = 1 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var before = await client.GetByteArrayAsync(Holmes);
        var after = await client.GetByteArrayAsync(Holmes);

        Assert.Equal(before.Length, after.Length);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task HtmlFirst_One_AnswersHtmlThenJson()
    {
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { HtmlFirst = 1 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var first = await client.GetAsync(Countries);
        var firstBody = await first.Content.ReadAsStringAsync();
        using var second = await client.GetAsync(Countries);

        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html>", firstBody, StringComparison.Ordinal);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestCount_ThreeRequests_CountsThree()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        await StatusesAsync(server, 2);
        using var missing = await client.GetAsync("/nowhere");

        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task RequestsFor_PathAndQuery_CountsOnlyThatExactUrl()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        await StatusesAsync(server, 2);
        using var paged = await client.GetAsync(Countries + "&page=2");

        Assert.Equal(2, server.RequestsFor(Countries));
        Assert.Equal(1, server.RequestsFor(Countries + "&page=2"));
        Assert.Equal(0, server.RequestsFor("/v2/country"));
    }

    [Fact]
    public async Task FailFirstAndThrottleFirst_One_Answer503Then429Then200()
    {
        var faults = new MirrorFaults { FailFirst = 1, ThrottleFirst = 1 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });

        var statuses = await StatusesAsync(server, 3);

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task StallFirst_One_ServesTheSecondRequestWhole()
    {
        var faults = new MirrorFaults { StallBodyAt = 1000, StallFirst = 1 };
        await using var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = faults });
        // A bounded timeout, so a second stall fails the test instead of hanging it.
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using (await client.GetAsync(Holmes, HttpCompletionOption.ResponseHeadersRead))
        {
            // Giving up on the stalled body without reading it.
        }

        var body = await client.GetByteArrayAsync(Holmes);

        Assert.Equal(607_788, body.Length);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(MirrorServer server, int requests)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync(Countries);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Reads a body to its end, counting bytes; returns the count and the error that ended it, if any.</summary>
    private static async Task<(long Received, Exception? Error)> DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long received = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received += read;
            }

            return (received, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return (received, e);
        }
    }
}
