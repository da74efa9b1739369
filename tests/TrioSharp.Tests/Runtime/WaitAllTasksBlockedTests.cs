namespace TrioSharp.Tests.Runtime;

public class WaitAllTasksBlockedTests
{
    [Fact]
    public void WaitAllTasksBlocked_SleeperAndAutojump_WaiterWakesBeforeTheClockJumps()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                await Trio.Sleep(100);
                log.Add($"yawn at {VirtualTime.Now}");
            });
            n.StartSoon(async () =>
            {
                await Trio.WaitAllTasksBlocked();
                log.Add($"waiter woke at {VirtualTime.Now}");
                await Trio.Sleep(1000);
                log.Add($"waiter done at {VirtualTime.Now}");
            });
            return Task.CompletedTask;
        }));

        Assert.Equal(["waiter woke at 0", "yawn at 100", "waiter done at 1000"], log);
    }

    [Fact]
    public void WaitAllTasksBlocked_AnotherTaskKeepsCheckpointing_WaitersWakeTogetherAfterItFinishes()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await Trio.Checkpoint();
                }

                log.Add("busy bee exhausted");
            });
            for (var i = 0; i < 2; i++)
            {
                n.StartSoon(async () =>
                {
                    await Trio.WaitAllTasksBlocked();
                    log.Add("quiet at last");
                });
            }

            return Task.CompletedTask;
        }));

        Assert.Equal(["busy bee exhausted", "quiet at last", "quiet at last"], log);
    }

    [Fact]
    public void WaitAllTasksBlocked_CancelledWhileWaiting_RaisesCancelled()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () =>
            {
                try
                {
                    await Trio.WaitAllTasksBlocked();
                }
                catch (Cancelled)
                {
                    log.Add("cancelled");
                }
            });
            n.StartSoon(async () => await Trio.SleepForever());
            await Trio.Checkpoint();
            n.CancelScope.Cancel();
        }));

        Assert.Equal(["cancelled"], log);
    }

    [Fact]
    public void WaitAllTasksBlocked_CalledInCancelledScope_RaisesAtOnce()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            await Trio.WaitAllTasksBlocked();
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void WaitAllTasksBlocked_OnlyTask_ReturnsWithoutTimePassing()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.WaitAllTasksBlocked();

            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void WaitAllTasksBlocked_TaskAwaitsOutsideWork_WaitsUntilThatTaskIsDone()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                await Task.Run(async () => await Task.Delay(50));
                log.Add("outside work done");
            });
            n.StartSoon(async () =>
            {
                await Trio.WaitAllTasksBlocked();
                log.Add("waiter woke");
            });
            return Task.CompletedTask;
        })));

        Assert.Equal(["outside work done", "waiter woke"], log);
    }

    [Fact]
    public void AutojumpThreshold_ZeroWhileATaskAwaitsOutsideWork_ClockDoesNotJump()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                await Task.Run(async () => await Task.Delay(50));
                log.Add($"outside work done at {VirtualTime.Now}");
            });
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                log.Add($"sleeper done at {VirtualTime.Now}");
            });
            return Task.CompletedTask;
        })));

        Assert.Equal(["outside work done at 0", "sleeper done at 1"], log);
    }
}
