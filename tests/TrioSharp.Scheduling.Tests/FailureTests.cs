namespace TrioSharp.Scheduling.Tests;

public class FailureTests
{
    [Fact]
    public void RunAsync_TaskThrows_EndsFailedAndItsLevelSiblingsAndLaterLevelsStillRun()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.SleepThenThrow(0.5, "disk full"), 1);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 2);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Level 1 starting", "0 Task 1 started",
                "0 Task 2 started", "0.5 Task 1 failed", "1 Task 2 completed", "1 Level 1 finished", "1 Level 2 starting",
                "1 Task 3 started", "2 Task 3 completed", "2 Level 2 finished",
            ],
            EventLog.Of(scheduler));
        var failed = scheduler.GetTask(1);
        Assert.Equal(ScheduledTaskStatus.Failed, failed.Status);
        Assert.Equal("disk full", Assert.IsType<InvalidOperationException>(failed.Error).Message);
        Assert.Same(failed.Error, scheduler.Log.Single(e => e.Kind == SchedulerEventKind.Failed).Error);
    }

    [Fact]
    public void RunAsync_WorkThrowsBeforeItsFirstAwait_EndsFailedAtOnce()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(() => throw new FormatException("bad input"), 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "0 Task 1 failed", "0 Level 1 finished"], EventLog.Of(scheduler));
        Assert.IsType<FormatException>(scheduler.GetTask(1).Error);
    }

    [Fact]
    public void PrintStatistics_FailedAndStoppedTasks_PrintsOnlyTheSeedsActionLines()
    {
        var output = new StringWriter { NewLine = "\n" };
        VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepThenThrow(0.5, "boom"), 1);
            s.AddTask(Work.Sleep(3), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1.25);
                s.CancelTask(2);
            });
            s.PrintStatistics(output);
        });
        Assert.Equal(
            """
            Time: 0.0s - Action: Task 1 added
            Time: 0.0s - Action: Task 2 added
            Time: 0.0s - Starting Priority Level 1
            Time: 0.0s - Action: Task 1 started
            Time: 0.0s - Action: Task 2 started
            Time: 0.5s - Action: Task 1 failed
            Time: 1.2s - Action: Task 2 stopped
            Time: 1.2s - Finished Priority Level 1

            """,
            output.ToString());
    }

    [Fact]
    public void PrintStatistics_IncludeUnwoundTrue_AlsoPrintsTheStoppedTasksCancelledLine()
    {
        var output = new StringWriter { NewLine = "\n" };
        VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepWithCleanup(3, cleanup: 0.5), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                s.CancelTask(1);
            });
            s.PrintStatistics(output, includeUnwound: true);
        });
        Assert.Equal(
            """
            Time: 0.0s - Action: Task 1 added
            Time: 0.0s - Starting Priority Level 1
            Time: 0.0s - Action: Task 1 started
            Time: 1.0s - Action: Task 1 stopped
            Time: 1.5s - Action: Task 1 cancelled
            Time: 1.5s - Finished Priority Level 1

            """,
            output.ToString());
    }
}
