using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrioSharp.Samples.WebApi;

namespace TrioSharp.Hosting.Tests.Samples;

/// <summary>The web API sample, end to end on real Kestrel on 127.0.0.1, its backends a second real Kestrel app.</summary>
public sealed class WebApiSampleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Signals _signals = new();

    [Fact]
    public async Task Quote_ThreeBackendsAnswerInTime_ReturnsEveryAnswer()
    {
        await using var backends = await StartBackendsAsync();
        await using var sample = await StartSampleAsync(backends, deadlineMs: 30_000, "ok-a", "ok-b", "ok-c");

        var reply = await sample.Client.GetFromJsonAsync<QuoteReplyDto>("/quote", Json);

        Assert.False(reply!.DeadlineReached);
        Assert.Equal(["ok:ok-a", "ok:ok-b", "ok:ok-c"], reply.Quotes.Select(q => $"{q.Status}:{q.Body}"));
    }

    [Fact]
    public async Task Quote_OneBackendFailsOneHangs_ReturnsWhatCameBackByTheDeadlineAndCancelsTheHungCall()
    {
        await using var backends = await StartBackendsAsync();

        // Generous for the two backends that answer at once on loopback; the third never answers.
        await using var sample = await StartSampleAsync(backends, deadlineMs: 5_000, "ok-a", "fail-b", "hang-c");

        var reply = await sample.Client.GetFromJsonAsync<QuoteReplyDto>("/quote", Json);

        Assert.True(reply!.DeadlineReached);
        Assert.Equal(["ok", "failed", "timed out"], reply.Quotes.Select(q => q.Status));
        Assert.Contains("500", reply.Quotes[1].Body, StringComparison.Ordinal);
        await _signals.WaitAsync("hang-c:aborted");
    }

    [Fact]
    public async Task Digest_ConcurrentRequestsThroughTheSharedLimiter_EachGetsItsDigestAndTokensComeBack()
    {
        await using var sample = await LoopbackApp.StartAsync(SampleApp.Build(["--urls", "http://127.0.0.1:0", "--Digests:MaxConcurrency", "2"]));

        var texts = Enumerable.Range(0, 6).Select(i => $"text{i}").ToList();
        var digests = await Task.WhenAll(texts.Select(text => sample.Client.GetFromJsonAsync<DigestDto>($"/digest/{text}?rounds=2000", Json)));

        Assert.Equal(texts.Select(text => DigestEndpoints.Compute(text, 2000)), digests.Select(d => d!.Sha256));
        var stats = await sample.Client.GetFromJsonAsync<LimiterDto>("/digest/stats", Json);
        Assert.Equal(new LimiterDto(0, 2, 0), stats);
    }

    [Fact]
    public async Task Ticks_ThreeProducers_StreamsEveryValueAsJsonLinesInOrderPerProducer()
    {
        await using var sample = await LoopbackApp.StartAsync(SampleApp.Build(["--urls", "http://127.0.0.1:0"]));

        using var response = await sample.Client.GetAsync("/ticks?count=3&intervalMs=5", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Content.Headers.ContentLength);
        var ticks = new List<TickDto>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            ticks.Add(JsonSerializer.Deserialize<TickDto>(line, Json)!);
        }

        Assert.Equal(9, ticks.Count);
        foreach (var producer in new[] { "alpha", "beta", "gamma" })
        {
            Assert.Equal([2, 1, 0], ticks.Where(t => t.Producer == producer).Select(t => t.Remaining));
        }
    }

    private static Task<LoopbackApp> StartSampleAsync(LoopbackApp backends, int deadlineMs, params string[] names)
    {
        List<string> args = ["--urls", "http://127.0.0.1:0", "--Quotes:DeadlineMs", $"{deadlineMs}"];
        for (var i = 0; i < names.Length; i++)
        {
            args.AddRange([$"--Quotes:Backends:{i}", new Uri(backends.BaseAddress, $"/{names[i]}").ToString()]);
        }

        return LoopbackApp.StartAsync(SampleApp.Build([.. args]));
    }

    /// <summary>Backends named by behaviour: <c>ok-*</c> answer with their name, <c>fail-*</c> with 500, <c>hang-*</c> never.</summary>
    private Task<LoopbackApp> StartBackendsAsync() => LoopbackApp.StartAsync(
        _ => { },
        web => web.MapGet("/{name}", async (string name, HttpContext context) =>
        {
            if (name.StartsWith("fail", StringComparison.Ordinal))
            {
                return Results.StatusCode(500);
            }

            if (name.StartsWith("hang", StringComparison.Ordinal))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    _signals.Record($"{name}:aborted");
                    throw;
                }
            }

            return Results.Text(name);
        }));

    private sealed record QuoteDto(Uri Backend, string Status, string? Body);

    private sealed record QuoteReplyDto(List<QuoteDto> Quotes, bool DeadlineReached);

    private sealed record DigestDto(string Text, int Rounds, string Sha256);

    private sealed record LimiterDto(int BorrowedTokens, int TotalTokens, int TasksWaiting);

    private sealed record TickDto(string Producer, int Remaining, double AtSeconds);
}
