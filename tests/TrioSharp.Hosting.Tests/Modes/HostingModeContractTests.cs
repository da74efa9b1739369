using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TrioSharp.Hosting.Tests.Modes;

/// <summary>
/// What a request handler may rely on under either hosting mode, on real Kestrel on 127.0.0.1: concurrent requests each
/// with a nursery, a client disconnect cancelling that request's tasks and nothing else, a failure answered with 500.
/// </summary>
public abstract class HostingModeContractTests(IHostingMode mode)
{
    private readonly Signals _signals = new();

    [Fact]
    public async Task Requests_ConcurrentEachWithANursery_AllChildrenRunAtOnce()
    {
        const int requests = 8;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        await using var app = await StartAsync(web => web.MapGet("/fan/{id:int}", (HttpContext context, int id) =>
            mode.RunAsync(context, async () =>
            {
                var results = new int[3];
                await Nursery.RunAsync(nursery =>
                {
                    for (var child = 0; child < 3; child++)
                    {
                        var index = child;
                        nursery.StartSoon(async () =>
                        {
                            // A barrier across every request: it opens only if all 24 children are running at once.
                            if (Interlocked.Increment(ref arrived) == requests * 3)
                            {
                                allArrived.SetResult();
                            }

                            await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
                            await Trio.Checkpoint();
                            results[index] = (id * 10) + index;
                        });
                    }

                    return Task.CompletedTask;
                });
                return string.Join(",", results);
            })));

        var bodies = await Task.WhenAll(Enumerable.Range(1, requests).Select(id => app.Client.GetStringAsync($"/fan/{id}")));

        Assert.Equal(Enumerable.Range(1, requests).Select(id => $"{id * 10},{(id * 10) + 1},{(id * 10) + 2}"), bodies);
    }

    [Fact]
    public async Task RequestAborted_ClientDisconnects_CancelsThatRequestsTasksOnly()
    {
        var bystanderGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(web => web.MapGet("/work/{name}", (HttpContext context, string name) =>
            mode.RunAsync(context, async () =>
            {
                await Nursery.RunAsync(nursery =>
                {
                    for (var child = 0; child < 2; child++)
                    {
                        nursery.StartSoon(async () =>
                        {
                            try
                            {
                                _signals.Record($"{name}:started");
                                if (name == "victim")
                                {
                                    await Trio.SleepForever();
                                }
                                else
                                {
                                    await bystanderGate.Task.WaitAsync(Trio.CurrentCancellationToken);
                                }
                            }
                            catch (OperationCanceledException)
                            {
                                _signals.Record($"{name}:cancelled");
                                throw;
                            }
                        });
                    }

                    return Task.CompletedTask;
                });
                _signals.Record($"{name}:finished");
                return name;
            })));

        using var disconnect = new CancellationTokenSource();
        var victim = app.Client.GetAsync("/work/victim", disconnect.Token);
        var bystander = app.Client.GetStringAsync("/work/bystander");
        await _signals.WaitAsync("victim:started", 2);
        await _signals.WaitAsync("bystander:started", 2);

        await disconnect.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);
        await _signals.WaitAsync("victim:cancelled", 2);
        Assert.Equal(0, _signals.Count("bystander:cancelled"));

        bystanderGate.SetResult();
        Assert.Equal("bystander", await bystander);
        Assert.Equal(0, _signals.Count("bystander:cancelled"));
        Assert.Equal(0, _signals.Count("victim:finished"));
    }

    [Fact]
    public async Task Request_ChildThrows_Returns500AndTheNextRequestWorks()
    {
        await using var app = await StartAsync(web =>
        {
            web.MapGet("/fail", (Func<HttpContext, Task<string>>)(context => mode.RunAsync<string>(context, async () =>
            {
                await Nursery.RunAsync(nursery =>
                {
                    nursery.StartSoon(async () =>
                    {
                        try
                        {
                            await Trio.SleepForever();
                        }
                        catch (OperationCanceledException)
                        {
                            _signals.Record("sibling:cancelled");
                            throw;
                        }
                    });
                    nursery.StartSoon(async () =>
                    {
                        await Trio.Checkpoint();
                        throw new InvalidOperationException("backend said no");
                    });
                    return Task.CompletedTask;
                });
                return "unreachable";
            })));
            web.MapGet("/ok", (Func<HttpContext, Task<string>>)(context => mode.RunAsync(context, async () =>
            {
                await Trio.Sleep(0.001);
                return "ok";
            })));
        });

        using var failed = await app.Client.GetAsync("/fail");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(1, _signals.Count("sibling:cancelled"));

        Assert.Equal("ok", await app.Client.GetStringAsync("/ok"));
    }

    private Task<LoopbackApp> StartAsync(Action<WebApplication> map) =>
        LoopbackApp.StartAsync(builder => mode.AddServices(builder.Services), map);
}
