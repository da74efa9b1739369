using TrioSharp.Mirror;

namespace TrioSharp.WorldBank.Tests;

public class StreamingTests
{
    private static readonly string[] Twenty =
        ["ABW", "AFE", "AFG", "AFR", "AFW", "AGO", "ALB", "AND", "ARB", "ARE", "ARG", "ARM", "ASM", "ATG", "AUS", "AUT", "AZE", "BDI", "BEA", "BEC"];

    private static readonly IndicatorQuery Query = new(Twenty, IndicatorQuery.GdpCurrentUsd, 1999, 2019);

    [Fact]
    public async Task FetchSeriesAsync_ConsumerDoesNotReceive_WorkersStopAfterOneRequestEach()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var (requestsWhileBlocked, cancelled) = await ClientRun.RunAsync(mirror, new WorldBankClientOptions { MaxConcurrency = 3 }, async client =>
        {
            var (sender, receiver) = MemoryChannel.Create<CountrySeries>(0);
            var requests = 0;
            var scope = new CancelScope();
            await scope.RunAsync(() => Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(() => client.FetchSeriesAsync(Query, sender));

                // Once every answer is in and each worker waits to hand over its series, nothing else is fetched.
                await Trio.WaitAllTasksBlocked();
                requests = mirror.RequestCount;
                scope.Cancel();
            }));
            await receiver.DisposeAsync();
            return (requests, scope.CancelledCaught);
        });

        Assert.Equal(3, requestsWhileBlocked);
        Assert.True(cancelled);
        Assert.Equal(3, mirror.RequestCount);
    }

    [Fact]
    public async Task FetchSeriesAsync_ConsumerReceives_GetsEverySeriesOnceAndTheChannelCloses()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var received = await ClientRun.RunAsync(mirror, new WorldBankClientOptions(), async client =>
        {
            var (sender, receiver) = MemoryChannel.Create<CountrySeries>(2);
            var ids = new List<string>();
            await Nursery.RunAsync(nursery =>
            {
                nursery.StartSoon(() => client.FetchSeriesAsync(Query, sender));
                nursery.StartSoon(async () =>
                {
                    await foreach (var series in receiver)
                    {
                        ids.Add(series.CountryId);
                    }
                });
                return Task.CompletedTask;
            });
            return ids;
        });

        Assert.Equal(Twenty.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FetchSeriesAsync_ScopeCancelledWhileRequestsHang_EndsEveryRequest()
    {
        // The mirror holds every answer for an hour: only the cancellation can end the fetch.
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { Latency = TimeSpan.FromHours(1) });

        var (cancelled, received, inFlight) = await ClientRun.RunAsync(
            mirror,
            new WorldBankClientOptions(),
            async client =>
            {
                var (sender, receiver) = MemoryChannel.Create<CountrySeries>(0);
                var count = 0;
                var scope = new CancelScope();
                await scope.RunAsync(() => Nursery.RunAsync(nursery =>
                {
                    nursery.StartSoon(() => client.FetchSeriesAsync(Query, sender));
                    nursery.StartSoon(async () =>
                    {
                        await foreach (var series in receiver)
                        {
                            count++;
                        }
                    });
                    nursery.StartSoon(async () =>
                    {
                        // Cancelled once every request hangs at the server, however long a loaded machine takes to send
                        // them (a fixed second was not always enough in CI); the bound only keeps a regression from hanging.
                        await Trio.FailAfter(30, async () =>
                        {
                            while (mirror.RequestCount < 5)
                            {
                                await Trio.Sleep(0.01);
                            }
                        });
                        scope.Cancel();
                    });
                    return Task.CompletedTask;
                }));
                return (scope.CancelledCaught, count, client.Limiter.BorrowedTokens);
            },
            new SystemClock());

        Assert.True(cancelled);
        Assert.Equal(0, received);
        Assert.Equal(0, inFlight);
        Assert.Equal(5, mirror.RequestCount);
    }
}
