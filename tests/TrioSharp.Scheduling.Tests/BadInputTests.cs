namespace TrioSharp.Scheduling.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void AddTask_PriorityOutsideTheLevels_ThrowsNamingTheRangeAndAddsNothing(int priority)
    {
        var (error, scheduler) = VirtualTime.Run(() =>
        {
            var s = new PriorityScheduler();
            return Task.FromResult((Assert.Throws<ArgumentOutOfRangeException>(() => s.AddTask(Work.Sleep(1), priority)), s));
        });
        Assert.Equal("priority", error.ParamName);
        Assert.Contains($"Priority {priority} is outside this scheduler's levels: use 1 (highest) to 5 (lowest).", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.PendingCount);
        Assert.Empty(scheduler.Log);
    }

    [Fact]
    public void AddTask_PriorityOutsideTheLevels_KeepsTheNextIdUnchanged()
    {
        var id = VirtualTime.Run(() =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 3 });
            Assert.Throws<ArgumentOutOfRangeException>(() => s.AddTask(Work.Sleep(1), 4));
            return Task.FromResult(s.AddTask(Work.Sleep(1), 3));
        });
        Assert.Equal(1, id);
    }

    [Fact]
    public void CancelTask_UnknownId_ThrowsNamingTheIdAndTheKnownRange()
    {
        var error = VirtualTime.Run(() =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.Sleep(1), 1);
            s.AddTask(Work.Sleep(1), 1);
            return Task.FromResult(Assert.Throws<ArgumentException>(() => s.CancelTask(7)));
        });
        Assert.Equal("id", error.ParamName);
        Assert.StartsWith("PriorityScheduler.CancelTask: there is no task 7; ids run from 1 to 2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTask_NoTaskAddedYet_ThrowsSayingSo()
    {
        var error = VirtualTime.Run(() => Task.FromResult(Assert.Throws<ArgumentException>(() => new PriorityScheduler().GetTask(1))));
        Assert.StartsWith("PriorityScheduler.GetTask: there is no task 1; no task has been added yet.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reschedule_UnknownId_ThrowsAndChangesNothing()
    {
        var scheduler = VirtualTime.Run(() =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.Sleep(1), 4);
            Assert.Throws<ArgumentException>(() => s.Reschedule(2, 1));
            return Task.FromResult(s);
        });
        Assert.Equal(["0 Task 1 added"], EventLog.Of(scheduler));
        Assert.Equal(4, scheduler.GetTask(1).Priority);
    }

    [Fact]
    public void CancelTask_TaskAlreadyEnded_ThrowsNamingItAndKeepsItsStatus()
    {
        var (error, scheduler) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1, "backup");
            await s.RunAsync();
            return (Assert.Throws<InvalidOperationException>(() => s.CancelTask(1)), s);
        });
        Assert.Equal(
            "PriorityScheduler.CancelTask: Task 1 ('backup') already ended Completed at 1.0 s; there is nothing to cancel.",
            error.Message);
        Assert.Equal(ScheduledTaskStatus.Completed, scheduler.GetTask(1).Status);
        Assert.Equal(5, scheduler.Log.Count);
    }

    [Fact]
    public void Reschedule_RunningTask_ThrowsNamingItAndLeavesItRunning()
    {
        InvalidOperationException? error = null;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            s.AddTask(Work.Sleep(2), 2, "index");
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                error = Assert.Throws<InvalidOperationException>(() => s.Reschedule(1, 1));
                Assert.Equal(ScheduledTaskStatus.Running, s.GetTask(1).Status);
            });
            return s;
        });
        Assert.StartsWith("PriorityScheduler.Reschedule: Task 1 ('index') is already running at level 2;", error!.Message, StringComparison.Ordinal);
        Assert.Equal((ScheduledTaskStatus.Completed, 2), (scheduler.GetTask(1).Status, scheduler.GetTask(1).Priority));
        Assert.DoesNotContain(scheduler.Log, e => e.Kind == SchedulerEventKind.Rescheduled);
    }

    [Fact]
    public void Reschedule_FinishedTask_ThrowsNamingIt()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1, "index");
            await s.RunAsync();
            return Assert.Throws<InvalidOperationException>(() => s.Reschedule(1, 1));
        });
        Assert.Equal(
            "PriorityScheduler.Reschedule: Task 1 ('index') already ended Completed at 1.0 s; only a pending task can be rescheduled.",
            error.Message);
    }

    [Fact]
    public void Reschedule_PriorityOutsideTheLevels_ThrowsNamingTheRangeAndKeepsTheLevel()
    {
        var (error, scheduler) = VirtualTime.Run(() =>
        {
            var s = new PriorityScheduler();
            s.AddTask(Work.Sleep(1), 3);
            return Task.FromResult((Assert.Throws<ArgumentOutOfRangeException>(() => s.Reschedule(1, 9)), s));
        });
        Assert.Equal("newPriority", error.ParamName);
        Assert.Contains("use 1 (highest) to 5 (lowest)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, scheduler.GetTask(1).Priority);
    }

    [Fact]
    public void RunAsync_CalledTwiceAtOnce_ThrowsAndTheFirstRunCompletes()
    {
        InvalidOperationException? error = null;
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                error = await Assert.ThrowsAsync<InvalidOperationException>(s.RunAsync);
            });
            return s;
        });
        Assert.Equal("PriorityScheduler.RunAsync: the scheduler is already running (RunAsync); run it once at a time.", error!.Message);
        Assert.Equal(["0 Task 1 added", "0 Level 1 starting", "0 Task 1 started", "1 Task 1 completed", "1 Level 1 finished"], EventLog.Of(scheduler));
    }

    [Fact]
    public void ServeAsync_WhileRunAsyncRuns_Throws()
    {
        InvalidOperationException? error = null;
        VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(0.5);
                error = await Assert.ThrowsAsync<InvalidOperationException>(s.ServeAsync);
            });
        });
        Assert.Equal("PriorityScheduler.ServeAsync: the scheduler is already running (RunAsync); run it once at a time.", error!.Message);
    }

    [Fact]
    public void AddTask_AfterShutdown_ThrowsAndLogsNothing()
    {
        var (error, scheduler) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.ShutdownAsync();
            return (Assert.Throws<InvalidOperationException>(() => s.AddTask(Work.Sleep(1), 1)), s);
        });
        Assert.StartsWith("PriorityScheduler.AddTask: the scheduler has shut down;", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, scheduler.Log.Count);
    }

    [Fact]
    public void AddTask_DuringShutdownGrace_Throws()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            InvalidOperationException? caught = null;
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(async () => await s.ShutdownAsync());
                await Trio.Sleep(0.05);
                caught = Assert.Throws<InvalidOperationException>(() => s.AddTask(Work.Sleep(1), 1));
            });
            return caught!;
        });
        Assert.StartsWith("PriorityScheduler.AddTask: the scheduler is shutting down;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShutdownAsync_CalledTwice_Throws()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.ShutdownAsync();
            return await Assert.ThrowsAsync<InvalidOperationException>(() => s.ShutdownAsync());
        });
        Assert.Equal("PriorityScheduler.ShutdownAsync: a shutdown was already requested; a scheduler shuts down once.", error.Message);
    }

    [Fact]
    public void ShutdownAsync_NegativeGrace_ThrowsAndDoesNotShutDown()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.ShutdownAsync(TimeSpan.FromSeconds(-1)));
            return s;
        });
        Assert.False(scheduler.IsShutdown);
    }

    [Fact]
    public void RunAsync_AfterShutdown_Throws()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await s.ShutdownAsync();
            return await Assert.ThrowsAsync<InvalidOperationException>(s.RunAsync);
        });
        Assert.Equal("PriorityScheduler.RunAsync: the scheduler has shut down; create a new one.", error.Message);
    }

    [Fact]
    public void AddTask_OutsideTrioRun_ThrowsSayingWhereToCallIt()
    {
        var scheduler = new PriorityScheduler();
        var error = Assert.Throws<InvalidOperationException>(() => scheduler.AddTask(Work.Sleep(1), 1));
        Assert.Equal("PriorityScheduler.AddTask must be called inside Trio.Run, on the loop's thread (from one of its tasks).", error.Message);
    }

    [Fact]
    public void AddTask_FromASecondRun_ThrowsBecauseTheSchedulerBelongsToTheFirst()
    {
        var scheduler = VirtualTime.Run(() => Task.FromResult(new PriorityScheduler()));
        var error = VirtualTime.Run(() => Task.FromResult(Assert.Throws<InvalidOperationException>(() => scheduler.AddTask(Work.Sleep(1), 1))));
        Assert.Equal("PriorityScheduler.AddTask: this scheduler belongs to another Trio.Run; create a scheduler in each run.", error.Message);
    }

    [Theory]
    [InlineData(0, null, "SchedulerOptions.Levels must be at least 1; got 0.")]
    [InlineData(5, 0, "SchedulerOptions.MaxConcurrency must be at least 1 (or null for no limit); got 0.")]
    public void Constructor_BadOptions_ThrowsNamingTheOption(int levels, int? maxConcurrency, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new PriorityScheduler(new SchedulerOptions { Levels = levels, MaxConcurrency = maxConcurrency }));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LevelLimitForAMissingLevel_ThrowsNamingTheLevels()
    {
        var options = new SchedulerOptions { Levels = 3 };
        options.LevelLimits[4] = 1;
        var error = Assert.Throws<ArgumentException>(() => new PriorityScheduler(options));
        Assert.StartsWith("SchedulerOptions.LevelLimits names level 4, but the levels are 1 to 3.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveAging_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new PriorityScheduler(new SchedulerOptions { Aging = TimeSpan.Zero }));
        Assert.StartsWith("SchedulerOptions.Aging must be positive", error.Message, StringComparison.Ordinal);
    }
}
