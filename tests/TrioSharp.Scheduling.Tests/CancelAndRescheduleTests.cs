namespace TrioSharp.Scheduling.Tests;

public class CancelAndRescheduleTests
{
    [Fact]
    public void CancelTask_Pending_RemovesItSoItNeverStarts()
    {
        var outcome = CancelOutcome.StopRequested;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 2);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                outcome = s.CancelTask(2);
            });
            return s;
        });
        Assert.Equal(CancelOutcome.Removed, outcome);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Level 1 starting", "0 Task 1 started", "0.5 Task 2 removed",
                "1 Task 1 completed", "1 Level 1 finished", "1 Level 2 starting", "1 Level 2 finished",
            ],
            EventLog.Of(scheduler));
        var task = scheduler.GetTask(2);
        Assert.Equal((ScheduledTaskStatus.Cancelled, null, TimeSpan.FromSeconds(0.5)), (task.Status, task.StartedAt, task.EndedAt));
    }

    [Fact]
    public void CancelTask_Running_StopsItAtOnce()
    {
        var outcome = CancelOutcome.Removed;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(5), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                outcome = s.CancelTask(1);
            });
            return s;
        });
        Assert.Equal(CancelOutcome.StopRequested, outcome);
        Assert.Equal(
            ["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 1 stopped", "1 Task 1 cancelled", "1 Level 1 finished"],
            EventLog.Of(scheduler));
        Assert.Equal(ScheduledTaskStatus.Cancelled, scheduler.GetTask(1).Status);
    }

    [Fact]
    public void CancelTask_RunningWithShieldedCleanup_EndsWhenTheCleanupEnds()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepWithCleanup(5, cleanup: 0.25), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                s.CancelTask(1);
            });
            return s;
        });
        Assert.Equal(
            ["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 1 stopped", "1.25 Task 1 cancelled", "1.25 Level 1 finished"],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void CancelTask_Running_ReadsCancellingAtOnceAndCancelledOnceItUnwinds()
    {
        var seen = new List<(double At, ScheduledTaskStatus Status)>();
        VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepWithCleanup(5, cleanup: 0.25), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                s.CancelTask(1);
                seen.Add((VirtualTime.Now, s.GetTask(1).Status));
                await Trio.Sleep(0.5);
                seen.Add((VirtualTime.Now, s.GetTask(1).Status));
            });
        });
        Assert.Equal([(1.0, ScheduledTaskStatus.Cancelling), (1.5, ScheduledTaskStatus.Cancelled)], seen);
    }

    [Fact]
    public void CancelTask_TaskAlreadyStopping_ReturnsStopRequestedAndLogsOnce()
    {
        var outcomes = new List<CancelOutcome>();
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepWithCleanup(5, cleanup: 1), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                outcomes.Add(s.CancelTask(1));
                await Trio.Sleep(0.5);
                outcomes.Add(s.CancelTask(1));
            });
            return s;
        });
        Assert.Equal([CancelOutcome.StopRequested, CancelOutcome.StopRequested], outcomes);
        Assert.Single(scheduler.Log, e => e.Kind == SchedulerEventKind.Stopped);
    }

    [Fact]
    public void CancelTask_BeforeTheStartedTasksFirstStep_EndsItCancelledWithoutRunningItsWork()
    {
        var workRan = false;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(5), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                s.AddTask(
                    () =>
                    {
                        workRan = true;
                        return Task.CompletedTask;
                    },
                    1);
                s.CancelTask(2);
            });
            return s;
        });
        Assert.False(workRan);
        Assert.Equal(
            [
                "0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 2 added", "1 Task 2 stopped",
                "1 Task 2 cancelled", "5 Task 1 completed", "5 Level 1 finished",
            ],
            EventLog.Of(scheduler));
        Assert.Null(scheduler.GetTask(2).StartedAt);
    }

    [Fact]
    public void CancelTask_RunningTaskThatReturnsBeforeItsNextCheckpoint_EndsCompleted()
    {
        PriorityScheduler? scheduler = null;
        VirtualTime.Run(async () =>
        {
            scheduler = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            scheduler.AddTask(
                async () =>
                {
                    await Trio.Sleep(1);
                    scheduler.CancelTask(1);
                },
                1);
            await scheduler.RunAsync();
        });
        Assert.Equal(
            ["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 1 stopped", "1 Task 1 completed", "1 Level 1 finished"],
            EventLog.Of(scheduler!));
        Assert.Equal(ScheduledTaskStatus.Completed, scheduler!.GetTask(1).Status);
    }

    [Fact]
    public void Reschedule_PendingToAHigherLevel_RunsItInThatLevel()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 3);
            s.AddTask(Work.Sleep(1), 2);
            s.Reschedule(2, 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Task 2 rescheduled", "0 Level 1 starting",
                "0 Task 1 started", "0 Task 2 started", "1 Task 1 completed", "1 Task 2 completed", "1 Level 1 finished",
                "1 Level 2 starting", "1 Task 3 started", "2 Task 3 completed", "2 Level 2 finished", "2 Level 3 starting",
                "2 Level 3 finished",
            ],
            EventLog.Of(scheduler));
        Assert.Equal(1, scheduler.Log.Single(e => e.Kind == SchedulerEventKind.Rescheduled).Level);
        Assert.Equal(1, scheduler.GetTask(2).Priority);
    }

    [Fact]
    public void Reschedule_PendingToALowerLevel_WaitsForThatLevel()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(1), 1);
            s.Reschedule(1, 2);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 1 rescheduled", "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting",
                "0 Task 1 started", "1 Task 1 completed", "1 Level 2 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void Reschedule_ToTheRunningLevelWhileRunning_StartsItAtOnce()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            s.AddTask(Work.Sleep(2), 2);
            s.AddTask(Work.Sleep(1), 3);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                s.Reschedule(2, 2);
            });
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Level 1 starting", "0 Level 1 finished", "0 Level 2 starting",
                "0 Task 1 started", "0.5 Task 2 rescheduled", "0.5 Task 2 started", "1.5 Task 2 completed",
                "2 Task 1 completed", "2 Level 2 finished", "2 Level 3 starting", "2 Level 3 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void Reschedule_ToItsOwnLevel_MovesItToTheBackOfTheQueue()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1, MaxConcurrency = 1 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            s.Reschedule(1, 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            ["0 Task 2 started", "1 Task 3 started", "2 Task 1 started"],
            EventLog.Of(scheduler).Where(l => l.EndsWith("started", StringComparison.Ordinal)));
    }
}
