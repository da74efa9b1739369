using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Hosting.Tests.SharedLoop;

/// <summary>
/// Host shutdown with work in flight on the shared loop: the work may finish within the grace period, is cancelled at
/// its end (exactly, on a virtual clock), and the stop waits for it. A request answers 202 and leaves a job running on
/// the loop, the pattern the grace period exists for.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly Signals _signals = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _job;

    [Fact]
    public async Task StopAsync_JobFinishesWithinGracePeriod_StopWaitsForItAndItCompletes()
    {
        var app = await StartAsync();
        var loop = app.App.Services.GetRequiredService<TrioLoop>();
        loop.Stopping.Register(() => _signals.Record("loop:stopping"));
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/jobs/gated", null)).StatusCode);
        await _signals.WaitAsync("job:started");

        var stop = app.DisposeAsync().AsTask();
        await _signals.WaitAsync("loop:stopping");
        Assert.False(stop.IsCompleted);
        Assert.False(_job!.IsCompleted);

        _signals.Record("test:gate-opened");
        _gate.SetResult();
        await stop;
        _signals.Record("host:stopped");

        await _job;
        Assert.Equal(["job:started", "loop:stopping", "test:gate-opened", "job:finished at 00:00:00", "host:stopped"], _signals.Events);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category == typeof(TrioLoop).FullName);
    }

    [Fact]
    public async Task StopAsync_JobOutlastsGracePeriod_CancelledExactlyAtItsEnd()
    {
        var app = await StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/jobs/forever", null)).StatusCode);
        await _signals.WaitAsync("job:started");

        await app.DisposeAsync();

        // The job waits on the library only, so the virtual clock jumps straight to the end of the grace period.
        Assert.Equal(["job:started", "job:cancelled at 00:00:30"], _signals.Events);
        await Assert.ThrowsAsync<Cancelled>(() => _job!);
        var warning = Assert.Single(app.Logs.Entries, e => e.Category == typeof(TrioLoop).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("1 submitted tasks", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_HostShutdownTimeoutBeforeTheGracePeriodEnds_CancelsTheJobAtOnce()
    {
        // The job waits on outside work, so the virtual clock never moves: only the host's time-out can end the grace.
        var app = await StartAsync(hostShutdownTimeout: TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/jobs/gated", null)).StatusCode);
        await _signals.WaitAsync("job:started");

        await app.DisposeAsync();

        // The host no longer waits once its time-out has run out; the loop cancels the job right after.
        await Assert.ThrowsAsync<Cancelled>(() => _job!.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["job:started", "job:cancelled at 00:00:00"], _signals.Events);
        Assert.Contains(app.Logs.Entries, e => e.Category == typeof(TrioLoop).FullName && e.Message.Contains("1 submitted tasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_KestrelDrainsItBeforeTheLoopStops()
    {
        var app = await StartAsync();
        var loop = app.App.Services.GetRequiredService<TrioLoop>();
        loop.Stopping.Register(() => _signals.Record("loop:stopping"));
        var response = app.Client.GetStringAsync("/gated");
        await _signals.WaitAsync("request:started");

        app.App.Lifetime.ApplicationStopping.Register(() => _signals.Record("host:stopping"));
        var stop = app.App.StopAsync();
        await _signals.WaitAsync("host:stopping");

        // The host stops its services in reverse order, so Kestrel, registered last, drains its requests first.
        var services = app.App.Services.GetServices<IHostedService>().ToList();
        Assert.True(services.IndexOf(loop) < services.FindIndex(s => s.GetType().Name == "GenericWebHostService"));
        _signals.Record("test:gate-opened");
        _gate.SetResult();
        Assert.Equal("answered", await response);
        await stop;
        await _signals.WaitAsync("loop:stopping");
        await app.DisposeAsync();

        Assert.Equal(["request:started", "host:stopping", "test:gate-opened", "request:answered", "loop:stopping"], _signals.Events);
    }

    [Fact]
    public async Task RunAsync_AfterTheHostStopped_FailsWithRunFinishedException()
    {
        var app = await StartAsync();
        var loop = app.App.Services.GetRequiredService<TrioLoop>();
        await app.DisposeAsync();

        await Assert.ThrowsAsync<RunFinishedException>(() => loop.RunAsync(() => Task.FromResult(1)));
    }

    private Task<LoopbackApp> StartAsync(TimeSpan? hostShutdownTimeout = null) => LoopbackApp.StartAsync(
        builder =>
        {
            builder.Services.AddTrio(options =>
            {
                options.Clock = new VirtualClock();
                options.GracePeriod = Grace;
            });
            if (hostShutdownTimeout is { } timeout)
            {
                builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
            }
        },
        web =>
        {
            web.MapGet("/gated", (HttpContext context, TrioLoop loop) => loop.RunAsync(
                async () =>
                {
                    _signals.Record("request:started");
                    await _gate.Task;
                    _signals.Record("request:answered");
                    return "answered";
                },
                context.RequestAborted));
            web.MapPost("/jobs/{kind}", (TrioLoop loop, string kind) =>
        {
            // Fire and forget: the job outlives the request, which is answered at once.
            _job = loop.RunAsync(async () =>
            {
                _signals.Record("job:started");
                try
                {
                    if (kind == "gated")
                    {
                        await _gate.Task.WaitAsync(Trio.CurrentCancellationToken);
                    }
                    else
                    {
                        await Trio.SleepForever();
                    }
                }
                catch (OperationCanceledException)
                {
                    _signals.Record($"job:cancelled at {Trio.CurrentTime}");
                    throw;
                }

                _signals.Record($"job:finished at {Trio.CurrentTime}");
            });
            return Results.Accepted();
        });
        });
}
