namespace TrioSharp.Scheduling.Tests;

public class ConcurrencyLimitTests
{
    [Fact]
    public void RunAsync_LevelLimitOfOne_RunsThatLevelsTasksOneAfterAnother()
    {
        var options = new SchedulerOptions { Levels = 1 };
        options.LevelLimits[1] = 1;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(options);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Level 1 starting", "0 Task 1 started",
                "1 Task 1 completed", "1 Task 2 started", "2 Task 2 completed", "2 Task 3 started", "3 Task 3 completed",
                "3 Level 1 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void RunAsync_MaxConcurrencyTwo_StartsTheThirdTaskWhenASlotFrees()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1, MaxConcurrency = 2 });
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(2), 1);
            s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Level 1 starting", "0 Task 1 started",
                "0 Task 2 started", "1 Task 1 completed", "1 Task 3 started", "2 Task 2 completed", "2 Task 3 completed",
                "2 Level 1 finished",
            ],
            EventLog.Of(scheduler));
    }

    [Fact]
    public void ServeAsync_CappedLevel_DoesNotBlockTheLevelsBelowIt()
    {
        var options = new SchedulerOptions { Levels = 2, MaxConcurrency = 2 };
        options.LevelLimits[1] = 1;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(options);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 2);
            await Work.ServeBeside(s, async () =>
            {
                await Trio.Sleep(5);
                await s.ShutdownAsync(TimeSpan.Zero);
            });
            return s;
        });
        Assert.Equal(
            [
                "0 Task 1 added", "0 Task 2 added", "0 Task 3 added", "0 Task 1 started", "0 Task 3 started",
                "1 Task 1 completed", "1 Task 3 completed", "1 Task 2 started", "2 Task 2 completed",
                "5 Starting Shutdown", "5 Finished Shutdown",
            ],
            EventLog.Of(scheduler));
    }
}
