using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Hosting.Tests.SharedLoop;

/// <summary>Background services run as tasks of the shared loop, in their own nursery, until the host stops them.</summary>
public sealed class TrioBackgroundServiceTests
{
    [Fact]
    public async Task StopAsync_ServiceWithChildren_CancelsEveryChildAndCompletes()
    {
        var signals = new Signals();
        var app = await LoopbackApp.StartAsync(
            builder => builder.Services.AddTrio().AddSingleton(signals).AddHostedService<TickingService>(),
            _ => { });
        await signals.WaitAsync("child:started", 2);
        var service = app.App.Services.GetServices<IHostedService>().OfType<TickingService>().Single();

        await app.DisposeAsync();

        Assert.Equal(2, signals.Count("child:cancelled"));
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ExecuteAsync_Throws_LoggedAndTheLoopGoesOnServing()
    {
        var signals = new Signals();
        await using var app = await LoopbackApp.StartAsync(
            builder => builder.Services.AddTrio().AddSingleton(signals).AddHostedService<FailingService>(),
            web => web.MapGet("/ok", (HttpContext context, TrioLoop loop) => loop.RunAsync(
                async () =>
                {
                    await Trio.Checkpoint();
                    return "ok";
                },
                context.RequestAborted)));
        var service = app.App.Services.GetServices<IHostedService>().OfType<FailingService>().Single();

        var failure = await Assert.ThrowsAsync<ExceptionGroup>(() => service.ExecuteTask!);

        Assert.IsType<InvalidOperationException>(Assert.Single(failure.InnerExceptions));
        var logged = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(nameof(FailingService), logged.Message, StringComparison.Ordinal);
        Assert.Same(failure, logged.Exception);
        Assert.Equal("ok", await app.Client.GetStringAsync("/ok"));
    }

    private sealed class TickingService(TrioLoop loop, Signals signals) : TrioBackgroundService(loop)
    {
        protected override Task ExecuteAsync(Nursery nursery)
        {
            for (var i = 0; i < 2; i++)
            {
                nursery.StartSoon(async () =>
                {
                    signals.Record("child:started");
                    try
                    {
                        while (true)
                        {
                            await Trio.Sleep(0.01);
                        }
                    }
                    catch (Cancelled)
                    {
                        signals.Record("child:cancelled");
                        throw;
                    }
                });
            }

            return Task.CompletedTask;
        }
    }

    private sealed class FailingService(TrioLoop loop) : TrioBackgroundService(loop)
    {
        protected override async Task ExecuteAsync(Nursery nursery)
        {
            await Trio.Checkpoint();
            throw new InvalidOperationException("the queue is gone");
        }
    }
}
