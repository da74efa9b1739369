namespace TrioSharp.Tests.Runtime;

/// <summary>Deadlines that can no longer fire (a scope that exited, a sleep that was cancelled) do not pile up in the loop.</summary>
public class DeadlineHeapTests
{
    private const int Iterations = 2_000;

    [Fact]
    public void TimerEntries_CancelledSleepsUnderALaterHeartbeat_StayBounded()
    {
        var entries = VirtualTime.Run(() => WithHeartbeat(async () =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                // Each SleepForever registers a deadline that its cancellation disarms; the heartbeat's earlier
                // deadline stays at the top of the heap, so the disarmed one is never popped on its own.
                await Trio.MoveOnAfter(0.25, () => Trio.SleepForever().AsTask());
            }
        }));

        Assert.InRange(entries, 1, 200);
    }

    [Fact]
    public void TimerEntries_ScopesExitingLongBeforeTheirDeadlines_StayBounded()
    {
        var entries = VirtualTime.Run(() => WithHeartbeat(async () =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                await Trio.MoveOnAfter(TimeSpan.FromHours(1), () => Trio.Sleep(0.25).AsTask());
            }
        }));

        Assert.InRange(entries, 1, 200);
    }

    [Fact]
    public void CurrentStatistics_InsideAShieldUnderACancelledScopeWithAnEarlierDeadline_ReportsTheShieldsDeadline()
    {
        VirtualTime.Run(() => CancelScope.WithTimeout(TimeSpan.FromSeconds(10)).RunAsync(async outer =>
        {
            outer.Cancel();
            await CancelScope.WithTimeout(TimeSpan.FromSeconds(20), shield: true).RunAsync(async () =>
            {
                // The cancelled scope's deadline can change nothing any more, so it is not the next deadline (as in Trio).
                Assert.Equal(TimeSpan.FromSeconds(20), Trio.CurrentStatistics().TimeToNextDeadline);
                await Trio.SleepForever();
            });
        }));
    }

    /// <summary>Runs <paramref name="work"/> beside a task that sleeps 0.1 s at a time, then returns the heap's size.</summary>
    private static async Task<int> WithHeartbeat(Func<Task> work)
    {
        var entries = 0;
        await Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () =>
            {
                while (true)
                {
                    await Trio.Sleep(0.1);
                }
            });

            await work();
            entries = Runner.Current!.TimerEntries;
            n.CancelScope.Cancel();
        });

        Assert.Equal(Iterations * 0.25, VirtualTime.Now, precision: 6);
        return entries;
    }
}
