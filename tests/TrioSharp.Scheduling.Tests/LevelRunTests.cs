namespace TrioSharp.Scheduling.Tests;

public class LevelRunTests
{
    [Fact]
    public void AddTask_BeforeRun_ReturnsIdsFromOneAndListsThemPending()
    {
        var (ids, pending, running) = VirtualTime.Run(() =>
        {
            var scheduler = new PriorityScheduler();
            int[] added = [scheduler.AddTask(Work.Sleep(1), 2), scheduler.AddTask(Work.Sleep(1), 5), scheduler.AddTask(Work.Sleep(1), 1)];
            return Task.FromResult((added, scheduler.GetTasks(ScheduledTaskStatus.Pending), scheduler.GetTasks(ScheduledTaskStatus.Running)));
        });
        Assert.Equal([1, 2, 3], ids);
        Assert.Equal([1, 2, 3], pending.Select(t => t.Id));
        Assert.Equal([2, 5, 1], pending.Select(t => t.Priority));
        Assert.Empty(running);
    }

    [Fact]
    public void RunAsync_NoTasks_LogsEveryLevelStartedAndFinished()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting", "0 Level 2 finished",
                "0 Level 3 starting", "0 Level 3 finished", "0 Level 4 starting", "0 Level 4 finished",
                "0 Level 5 starting", "0 Level 5 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void RunAsync_ThreeLevelsConfigured_RunsOnlyThoseLevels()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(1), 3);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting", "0 Level 2 finished",
                "0 Level 3 starting", "0 Task 1 started", "1 Task 1 completed", "1 Level 3 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void RunAsync_TasksOfOneLevel_RunConcurrentlyAndTheLevelWaitsForTheLast()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(2), 1);
            s.AddTask(Work.Sleep(0.5), 2);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Level 1 starting", "0 Task 1 started",
                "0 Task 2 started", "1 Task 1 completed", "2 Task 2 completed", "2 Level 1 finished",
                "2 Level 2 starting", "2 Task 3 started", "2.5 Task 3 completed", "2.5 Level 2 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void AddTask_AtTheRunningLevel_StartsAtOnceInThatLevel()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(2), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                s.AddTask(Work.Sleep(1), 1);
            });
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "0.5 Task 2 added", "0.5 Task 2 started",
                "1.5 Task 2 completed", "2 Task 1 completed", "2 Level 1 finished", "2 Level 2 starting", "2 Level 2 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void AddTask_AboveTheRunningLevel_StartsAtOnceInTheRunningLevel()
    {
        var levelWhenAdded = 0;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(2), 2);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                s.AddTask(Work.Sleep(1), 1);
                levelWhenAdded = s.CurrentLevel;
            });
            return s;
        });
        Assert.Equal(2, levelWhenAdded);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting", "0 Task 1 started",
                "0.5 Task 2 added", "0.5 Task 2 started", "1.5 Task 2 completed", "2 Task 1 completed", "2 Level 2 finished",
                "2 Level 3 starting", "2 Level 3 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void AddTask_BelowTheRunningLevel_WaitsForItsLevel()
    {
        var statusWhenAdded = ScheduledTaskStatus.Completed;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(2), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                statusWhenAdded = s.GetTask(s.AddTask(Work.Sleep(1), 3)).Status;
            });
            return s;
        });
        Assert.Equal(ScheduledTaskStatus.Pending, statusWhenAdded);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "0.5 Task 2 added", "2 Task 1 completed",
                "2 Level 1 finished", "2 Level 2 starting", "2 Level 2 finished", "2 Level 3 starting", "2 Task 2 started",
                "3 Task 2 completed", "3 Level 3 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void RunAsync_AfterAnEarlierRun_RunsTasksAddedSince()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            await s.RunAsync();
            s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Level 1 starting", "0 Level 1 finished", "0 Task 1 added", "0 Level 1 starting", "0 Task 1 started",
                "1 Task 1 completed", "1 Level 1 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void RunAsync_CallerCancelled_CancelsRunningTasksAndKeepsPendingOnes()
    {
        var (scheduler, level) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 2);
            await Trio.MoveOnAfter(0.5, s.RunAsync);
            return (s, s.CurrentLevel);
        });
        Assert.Equal(0, level);
        Assert.Equal(["0 Task 1 added", "0 Task 2 added", "0 Level 1 starting", "0 Task 1 started", "0.5 Task 1 cancelled"], EventLog.Of(scheduler));
        Assert.Equal([ScheduledTaskStatus.Cancelled, ScheduledTaskStatus.Pending], scheduler.GetTasks().Select(t => t.Status));
    }

    [Fact]
    public void Log_SchedulerCreatedLate_MeasuresTimesFromItsCreation()
    {
        var (scheduler, loopTime) = VirtualTime.Run(async () =>
        {
            await Trio.Sleep(2);
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            return (s, VirtualTime.Now);
        });
        Assert.Equal(3, loopTime);
        Assert.Equal(
            ["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 1 completed", "1 Level 1 finished"],
            EventLog.Of(scheduler));
        Assert.Equal(new ScheduledTaskInfo(1, "Task1", 1, ScheduledTaskStatus.Completed, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1), null, null), scheduler.GetTask(1));
    }

    [Fact]
    public void GetTasks_ByStatus_ListsEachTaskUnderItsEndStatus()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.SleepThenThrow(1, "boom"), 1);
            s.CancelTask(s.AddTask(Work.Sleep(1), 1));
            await s.RunAsync();
            return s;
        });
        Assert.Equal([1], scheduler.GetTasks(ScheduledTaskStatus.Completed).Select(t => t.Id));
        Assert.Equal([2], scheduler.GetTasks(ScheduledTaskStatus.Failed).Select(t => t.Id));
        Assert.Equal([3], scheduler.GetTasks(ScheduledTaskStatus.Cancelled).Select(t => t.Id));
        Assert.Empty(scheduler.GetTasks(ScheduledTaskStatus.Pending));
    }
}
