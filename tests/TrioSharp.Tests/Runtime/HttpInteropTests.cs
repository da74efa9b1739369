using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Tests.Runtime;

/// <summary>
/// Real HTTP against a Kestrel server on loopback, started per test: the loop must wait for a real response
/// without autojumping the virtual clock, and a cancelled scope must abort the request through its token.
/// </summary>
public sealed class HttpInteropTests : IAsyncLifetime
{
    private const string SlowBody = "hello from kestrel";

    private readonly TaskCompletionSource _neverArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _neverAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private Uri? _base;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();

        // Answers after a short real delay: the client's task awaits outside work meanwhile.
        _app.MapGet("/slow", async () =>
        {
            await Task.Delay(50);
            return SlowBody;
        });

        // Never answers; reports when the request arrives and when the client aborts it.
        _app.MapGet("/never", async (HttpContext context) =>
        {
            _neverArrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _neverAborted.TrySetResult();
            }
        });

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _base = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public void GetStringAsync_InsideMoveOnAfterOnAutojumpingVirtualClock_CompletesWithoutTimeJumping()
    {
        using var http = NewClient();
        string? body = null;
        CancelScope? scope = null;
        var end = -1.0;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            scope = await Trio.MoveOnAfter(3, async () =>
                body = await http.GetStringAsync(new Uri(_base!, "/slow"), Trio.CurrentCancellationToken));
            end = VirtualTime.Now;
        }));

        Assert.Equal(SlowBody, body);
        Assert.False(scope!.CancelledCaught);
        Assert.Equal(0.0, end);
    }

    [Fact]
    public async Task GetStringAsync_ScopeCancelledBySiblingAfterSleep_RequestAbortedThroughTheToken()
    {
        using var http = NewClient();

        // While the request is outstanding no task is blocked on the library alone, so autojump (threshold zero)
        // would never move the clock for the sibling's sleep; a small real-time idle threshold lets it jump.
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromMilliseconds(20) };
        var scope = new CancelScope();
        var cancelledAt = -1.0;

        RealTimeGuard.Run(() => VirtualTime.Run(
            () => Nursery.RunAsync(n =>
            {
                n.StartSoon(() => scope.RunAsync(async s => await http.GetStringAsync(new Uri(_base!, "/never"), s.Token)));
                n.StartSoon(async () =>
                {
                    await _neverArrived.Task;
                    await Trio.Sleep(1);
                    cancelledAt = VirtualTime.Now;
                    scope.Cancel();
                });
                return Task.CompletedTask;
            }),
            clock));

        Assert.Equal(1.0, cancelledAt);
        Assert.True(scope.CancelledCaught);
        await _neverAborted.Task.WaitAsync(RealTimeGuard.Bound);
    }

    private static HttpClient NewClient() => new(new SocketsHttpHandler { UseProxy = false });
}
