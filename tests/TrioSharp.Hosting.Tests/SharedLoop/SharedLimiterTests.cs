using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TrioSharp.Hosting.Tests.SharedLoop;

/// <summary>A <see cref="CapacityLimiter"/> registered as a singleton bounds the concurrency of every request that uses it.</summary>
public sealed class SharedLimiterTests
{
    private const int Limit = 3;
    private const int Requests = 12;

    [Fact]
    public async Task SingletonLimiter_SharedByConcurrentRequests_BoundsTheirConcurrencyGlobally()
    {
        var signals = new Signals();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = 0;
        var maxHolding = 0;
        await using var app = await LoopbackApp.StartAsync(
            builder => builder.Services.AddTrio().AddSingleton(new CapacityLimiter(Limit)),
            web => web.MapGet("/limited", (HttpContext context, TrioLoop loop, CapacityLimiter limiter) =>
                loop.RunAsync(
                    async () =>
                    {
                        signals.Record("arrived");
                        using (await limiter.AcquireScopeAsync())
                        {
                            // The loop runs one task at a time: these counters need no lock.
                            holding++;
                            maxHolding = Math.Max(maxHolding, holding);
                            signals.Record("holding");
                            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
                            holding--;
                        }

                        return "done";
                    },
                    context.RequestAborted)));

        var responses = Enumerable.Range(0, Requests).Select(_ => app.Client.GetStringAsync("/limited")).ToList();
        await signals.WaitAsync("arrived", Requests);
        await signals.WaitAsync("holding", Limit);

        // Read on the loop, after the step that recorded the last arrival has parked in its acquire.
        var loop = app.App.Services.GetRequiredService<TrioLoop>();
        var limiter = app.App.Services.GetRequiredService<CapacityLimiter>();
        var statistics = await loop.RunAsync(() => Task.FromResult(limiter.Statistics));
        Assert.Equal(Limit, statistics.BorrowedTokens);
        Assert.Equal(Requests - Limit, statistics.TasksWaiting);

        release.SetResult();
        Assert.All(await Task.WhenAll(responses), body => Assert.Equal("done", body));
        Assert.Equal(Limit, maxHolding);
        Assert.Equal(Requests, signals.Count("holding"));
    }
}
