namespace TrioSharp.Tests.Runtime;

/// <summary><see cref="TrioRunOptions.Cancellation"/>: a token from outside the loop cancels the whole run.</summary>
public class RunCancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Run_TokenAlreadyCancelled_MainStopsAtItsFirstCheckpointAndRunThrowsWithTheToken()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var steps = new List<string>();

        var error = Assert.Throws<OperationCanceledException>(() => TestEntry.Run(
            async () =>
            {
                steps.Add("started");
                await Trio.Checkpoint();
                steps.Add("after the checkpoint");
            },
            new TrioRunOptions { Clock = new VirtualClock(), Cancellation = source.Token }));

        Assert.Equal(source.Token, error.CancellationToken);
        Assert.IsType<Cancelled>(error.InnerException);
        Assert.Equal(["started"], steps);
    }

    [Fact]
    public async Task Run_TokenCancelledFromAnotherThread_EveryTaskUnwinds()
    {
        using var source = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unwound = new List<string>();

        var run = Task.Run(() => TestEntry.Run(
            () => Nursery.RunAsync(nursery =>
            {
                foreach (var name in new[] { "a", "b" })
                {
                    nursery.StartSoon(async () =>
                    {
                        try
                        {
                            await Trio.SleepForever();
                        }
                        finally
                        {
                            lock (unwound)
                            {
                                unwound.Add(name);
                            }
                        }
                    });
                }

                running.SetResult();
                return Task.CompletedTask;
            }),
            new TrioRunOptions { Cancellation = source.Token }));
        await running.Task.WaitAsync(Bound);
        source.Cancel();

        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => run.WaitAsync(Bound));

        Assert.Equal(source.Token, error.CancellationToken);
        Assert.Equal(["a", "b"], unwound.Order());
    }

    [Fact]
    public async Task Run_EveryTaskBlockedForeverWithAToken_WaitsForTheTokenInsteadOfReportingADeadlock()
    {
        using var source = new CancellationTokenSource();
        var clock = new VirtualClock();
        var sleeping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = Task.Run(() => TestEntry.Run(
            async () =>
            {
                sleeping.SetResult();
                await Trio.SleepForever();
            },
            new TrioRunOptions { Clock = clock, Cancellation = source.Token }));
        await sleeping.Task.WaitAsync(Bound);
        source.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Fact]
    public void Run_MainCatchesTheCancellation_ReturnsItsResult()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        var result = TestEntry.Run(
            async () =>
            {
                try
                {
                    await Trio.SleepForever();
                    return "slept";
                }
                catch (Cancelled)
                {
                    return "cancelled and handled";
                }
            },
            new TrioRunOptions { Clock = new VirtualClock(), Cancellation = source.Token });

        Assert.Equal("cancelled and handled", result);
    }

    [Fact]
    public void Run_TokenNeverCancelled_VirtualClockStillJumps()
    {
        using var source = new CancellationTokenSource();

        var elapsed = TestEntry.Run(
            async () =>
            {
                await Trio.Sleep(3600);
                return Trio.CurrentTime;
            },
            new TrioRunOptions { Clock = new VirtualClock(), Cancellation = source.Token });

        Assert.Equal(TimeSpan.FromHours(1), elapsed);
    }
}
