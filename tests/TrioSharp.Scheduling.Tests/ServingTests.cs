namespace TrioSharp.Scheduling.Tests;

public class ServingTests
{
    [Fact]
    public void ServeAsync_OneSlot_StartsTheHighestPriorityFirstAndFifoWithinALevel()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { MaxConcurrency = 1 });
            s.AddTask(Work.Sleep(1), 3);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 3);
            s.AddTask(Work.Sleep(1), 1);
            await Work.ServeBeside(s, async () =>
            {
                await Trio.Sleep(10);
                await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal(
            ["0 Task 2 started", "1 Task 4 started", "2 Task 1 started", "3 Task 3 started"],
            EventLog.Of(scheduler).Where(l => l.EndsWith("started", StringComparison.Ordinal)));
    }

    [Fact]
    public void ServeAsync_TaskAddedWhileServing_StartsAtOnceWhenASlotIsFree()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await Work.ServeBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                s.AddTask(Work.Sleep(1), 5);
                await Trio.Sleep(2);
                await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal(
            ["0.5 Task 1 added", "0.5 Task 1 started", "1.5 Task 1 completed", "2.5 Starting Shutdown", "2.6 Finished Shutdown"],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void ServeAsync_StrictPriority_LetsALowTaskWaitBehindAllHighWork()
    {
        var lowStarted = StartOfLowTask(aging: null);
        Assert.Equal(6, lowStarted);
    }

    [Fact]
    public void ServeAsync_AgingOneSecond_LetsALowTaskOvertakeNewerHighWork()
    {
        // Level 5 ages to level 1 after 4 s; then it ties with the level-1 queue's head and, queued first, wins.
        var lowStarted = StartOfLowTask(aging: TimeSpan.FromSeconds(1));
        Assert.Equal(4, lowStarted);
    }

    [Fact]
    public void ServeAsync_Shutdown_ReturnsOnceTheStoppedTasksHaveEnded()
    {
        var serveEnded = 0.0;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.SleepWithCleanup(10, cleanup: 0.05), 1);
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(async () =>
                {
                    await s.ServeAsync();
                    serveEnded = VirtualTime.Now;
                });
                await Trio.Sleep(1);
                await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal(1.05, serveEnded, 9);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 1 started", "1 Starting Shutdown", "1 Task 1 stopped", "1.05 Task 1 cancelled",
                "1.1 Finished Shutdown",
            ],
            EventLog.Of(scheduler));
    }

    private static double StartOfLowTask(TimeSpan? aging)
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { MaxConcurrency = 1, Aging = aging });
            s.AddTask(Work.Sleep(1), 5, "low");
            for (var i = 0; i < 6; i++)
            {
                s.AddTask(Work.Sleep(1), 1, $"high{i}");
            }

            await Work.ServeBeside(s, async () =>
            {
                await Trio.Sleep(10);
                await s.ShutdownAsync();
            });
            return s;
        });
        return scheduler.GetTask(1).StartedAt!.Value.TotalSeconds;
    }
}
