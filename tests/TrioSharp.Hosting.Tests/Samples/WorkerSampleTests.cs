using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrioSharp.Samples.Worker;

namespace TrioSharp.Hosting.Tests.Samples;

/// <summary>The worker sample against real Kestrel endpoints on 127.0.0.1 that are up, down and hung.</summary>
public sealed class WorkerSampleTests
{
    private readonly Signals _signals = new();

    [Fact]
    public async Task UrlMonitor_UpDownAndHungEndpoints_RecordsEachStatusAndStopsCleanly()
    {
        await using var endpoints = await LoopbackApp.StartAsync(
            _ => { },
            web => web.MapGet("/{name}", async (string name, HttpContext context) =>
            {
                _signals.Record($"{name}:hit");
                if (name == "hung")
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        _signals.Record("hung:aborted");
                        throw;
                    }
                }

                return name == "up" ? Results.Ok() : Results.StatusCode(503);
            }));
        var url = (string name) => new Uri(endpoints.BaseAddress, $"/{name}");
        using var host = WorkerApp.CreateBuilder(
        [
            "--Monitor:Urls:0", url("down").ToString(), "--Monitor:Urls:1", url("hung").ToString(), "--Monitor:Urls:2", url("up").ToString(),
            "--Monitor:IntervalSeconds", "0.02", "--Monitor:TimeoutSeconds", "2", "--Monitor:MaxConcurrency", "2",
        ]).Build();

        await host.StartAsync();
        await _signals.WaitAsync("up:hit", 3);
        await _signals.WaitAsync("down:hit", 3);
        await _signals.WaitAsync("hung:aborted");

        // A URL's next check starts only after its last one was recorded.
        await _signals.WaitAsync("hung:hit", 2);
        var loop = host.Services.GetRequiredService<TrioLoop>();
        var results = host.Services.GetRequiredService<MonitorResults>();
        var statuses = await loop.RunAsync(() => Task.FromResult(results.Snapshot()));
        await host.StopAsync();

        Assert.Equal(["down (503)", "timed out", "up (200)"], statuses.Select(s => s.Status));
        var service = host.Services.GetServices<IHostedService>().OfType<UrlMonitorService>().Single();
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }
}
