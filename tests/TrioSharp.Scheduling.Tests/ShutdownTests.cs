namespace TrioSharp.Scheduling.Tests;

public class ShutdownTests
{
    [Fact]
    public void ShutdownAsync_RunningAndPendingTasks_StopsRunningAndDropsPendingAfterTheGrace()
    {
        ShutdownReport? report = null;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(5), 1);
            s.AddTask(Work.Sleep(1), 2);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                report = await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Level 1 starting", "0 Task 1 started", "1 Starting Shutdown",
                "1 Task 1 stopped", "1 Task 1 cancelled", "1 Level 1 finished", "1.1 Task 2 cancelled_pending",
                "1.1 Finished Shutdown",
            ],
            EventLog.Of(scheduler));
        Assert.Equal([1], report!.Stopped);
        Assert.Equal([2], report.Dropped);
        Assert.Empty(report.StillRunning);
        Assert.Equal([ScheduledTaskStatus.Cancelled, ScheduledTaskStatus.Cancelled], scheduler.GetTasks().Select(t => t.Status));
        Assert.True(scheduler.IsShutdown);
    }

    [Fact]
    public void ShutdownAsync_NothingRunning_StillTakesTheGracePeriod()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.ShutdownAsync();
            return s;
        });
        Assert.Equal(["0 Starting Shutdown", "0.1 Finished Shutdown"], EventLog.Of(scheduler));
    }

    [Fact]
    public void ShutdownAsync_GraceFromOptions_WaitsThatLong()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { ShutdownGrace = TimeSpan.FromSeconds(2) });
            await s.ShutdownAsync();
            return s;
        });
        Assert.Equal(["0 Starting Shutdown", "2 Finished Shutdown"], EventLog.Of(scheduler));
    }

    [Fact]
    public void ShutdownAsync_GraceArgument_OverridesTheOptions()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.ShutdownAsync(TimeSpan.FromSeconds(0.5));
            return s;
        });
        Assert.Equal(["0 Starting Shutdown", "0.5 Finished Shutdown"], EventLog.Of(scheduler));
    }

    [Fact]
    public void ShutdownAsync_CleanupLongerThanTheGrace_ReportsItStillRunningAndTheRunWaitsForIt()
    {
        ShutdownReport? report = null;
        var runEnded = 0.0;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.SleepWithCleanup(5, cleanup: 0.3), 1);
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(async () =>
                {
                    await s.RunAsync();
                    runEnded = VirtualTime.Now;
                });
                await Trio.Sleep(1);
                report = await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal([1], report!.StillRunning);
        Assert.Equal(1.3, runEnded, 9);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Starting Shutdown", "1 Task 1 stopped",
                "1.1 Finished Shutdown", "1.3 Task 1 cancelled", "1.3 Level 1 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void ShutdownAsync_CallerCancelledDuringTheGrace_StillDropsPendingAndFinishes()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.Sleep(1), 3);
            await Trio.MoveOnAfter(0.05, () => s.ShutdownAsync());
            return s;
        });
        Assert.Equal(
            ["0 Task 1 added", "0 Starting Shutdown", "0.05 Task 1 cancelled_pending", "0.05 Finished Shutdown"],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void ShutdownAsync_DuringALevelRun_StopsTheRunAfterThatLevel()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(2), 2);
            s.AddTask(Work.Sleep(2), 3);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                await s.ShutdownAsync(TimeSpan.Zero);
            });
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting",
                "0 Task 1 started", "1 Starting Shutdown", "1 Task 1 stopped", "1 Task 1 cancelled", "1 Level 2 finished",
                "1 Task 2 cancelled_pending", "1 Finished Shutdown",
            ],
            EventLog.Of(scheduler));
    }
}
