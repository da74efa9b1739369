namespace TrioSharp.Tests.Sync;

/// <summary>Trio's Event rules (trio-semantics.md §1I) for <see cref="TrioEvent"/>.</summary>
public class TrioEventTests
{
    [Fact]
    public void Set_Twice_StaysSetWithNobodyWaiting()
    {
        VirtualTime.Run(() =>
        {
            var ready = new TrioEvent();
            Assert.False(ready.IsSet);
            Assert.Equal(0, ready.Statistics.TasksWaiting);

            ready.Set();
            ready.Set();
            Assert.True(ready.IsSet);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Set_TwoWaiters_BothWakeAndWaitingCountDrops()
    {
        var record = VirtualTime.Run(async () =>
        {
            var ready = new TrioEvent();
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                for (var i = 0; i < 2; i++)
                {
                    n.StartSoon(async () =>
                    {
                        log.Add("sleeping");
                        await ready.WaitAsync();
                        log.Add("woken");
                    });
                }

                await Trio.WaitAllTasksBlocked();
                Assert.Equal(2, ready.Statistics.TasksWaiting);
                ready.Set();
                Assert.Equal(0, ready.Statistics.TasksWaiting);
            });
            return log;
        });

        Assert.Equal(["sleeping", "sleeping", "woken", "woken"], record);
    }

    [Fact]
    public void WaitAsync_SetLater_ReturnsAtThatTime()
    {
        var woken = VirtualTime.Run(async () =>
        {
            var ready = new TrioEvent();
            double at = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await ready.WaitAsync();
                    at = VirtualTime.Now;
                });
                await Trio.Sleep(1.25);
                ready.Set();
            });
            return at;
        });

        Assert.Equal(1.25, woken);
    }

    [Fact]
    public void WaitAsync_AlreadySetInCancelledScope_StillRaisesCancelled()
    {
        VirtualTime.Run(async () =>
        {
            var ready = new TrioEvent();
            ready.Set();
            var scope = new CancelScope();
            await scope.RunAsync(async s =>
            {
                s.Cancel();
                await ready.WaitAsync();
            });

            Assert.True(scope.CancelledCaught);
        });
    }

    [Fact]
    public void WaitAsync_CancelledWhileWaiting_NoLongerCounted()
    {
        VirtualTime.Run(async () =>
        {
            var ready = new TrioEvent();
            var scope = await Trio.MoveOnAfter(2, async () => await ready.WaitAsync());

            Assert.True(scope.CancelledCaught);
            Assert.Equal(2.0, VirtualTime.Now);
            Assert.Equal(0, ready.Statistics.TasksWaiting);
        });
    }

    [Fact]
    public void Set_FromClockTimerCallbackOnTheLoop_WakesWaiter()
    {
        var woken = VirtualTime.Run(async () =>
        {
            var ready = new TrioEvent();
            using var timer = Trio.CurrentClock.CreateTimer(_ => ready.Set(), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
            await ready.WaitAsync();
            return VirtualTime.Now;
        });

        Assert.Equal(3.0, woken);
    }
}
