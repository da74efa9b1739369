namespace TrioSharp.Scheduling.Tests;

public class EventsAndResultsTests
{
    [Fact]
    public void WatchAsync_DuringARun_YieldsEachEventAtTheTimeItHappens()
    {
        var seen = new List<(double ReceivedAt, SchedulerEvent Event)>();
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 2 });
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(async () =>
                {
                    await foreach (var e in s.WatchAsync(replay: false))
                    {
                        seen.Add((VirtualTime.Now, e));
                    }
                });
                await Trio.Sleep(0.25);
                s.AddTask(Work.Sleep(1), 2);
                await s.RunAsync();
                await s.ShutdownAsync();
            });
            return s;
        });
        Assert.Equal(scheduler.Log, seen.Select(x => x.Event));
        Assert.All(seen, x => Assert.Equal(x.Event.Time.TotalSeconds, x.ReceivedAt));
        Assert.Equal(0.25, seen[0].ReceivedAt);
        Assert.Equal(SchedulerEventKind.ShutdownFinished, seen[^1].Event.Kind);
    }

    [Fact]
    public void WatchAsync_AfterShutdownWithReplay_YieldsTheWholeLogAndEnds()
    {
        var (scheduler, replayed) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            await s.ShutdownAsync();
            var events = new List<SchedulerEvent>();
            await foreach (var e in s.WatchAsync())
            {
                events.Add(e);
            }

            return (s, events);
        });
        Assert.Equal(scheduler.Log, replayed);
    }

    [Fact]
    public void WatchAsync_ReaderCancelledWhileWaiting_StopsAtItsDeadline()
    {
        var stoppedAt = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            await Trio.MoveOnAfter(1.5, async () =>
            {
                await foreach (var e in s.WatchAsync())
                {
                    Assert.Fail($"no event was expected, got {e}");
                }
            });
            return VirtualTime.Now;
        });
        Assert.Equal(1.5, stoppedAt);
    }

    [Fact]
    public void WaitForResultAsync_TaskCompletes_ReturnsItsResultWhenItEnds()
    {
        var (result, at) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            var id = s.AddTask(Work.SleepThenReturn(1, "answer"), 3);
            string? got = null;
            var when = 0.0;
            await Nursery.RunAsync(nursery =>
            {
                nursery.StartSoon(async () =>
                {
                    got = await s.WaitForResultAsync<string>(id);
                    when = VirtualTime.Now;
                });
                nursery.StartSoon(s.RunAsync);
                return Task.CompletedTask;
            });
            return (got, when);
        });
        Assert.Equal(("answer", 1.0), (result, at));
    }

    [Fact]
    public void WaitForResultAsync_TaskAlreadyCompleted_ReturnsAtOnce()
    {
        var (result, at) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            var id = s.AddTask(Work.SleepThenReturn(1, 42), 1);
            await s.RunAsync();
            return (await s.WaitForResultAsync(id), VirtualTime.Now);
        });
        Assert.Equal((42, 1.0), ((int)result!, at));
    }

    [Fact]
    public void WaitForResultAsync_WorkWithoutResult_ReturnsNull()
    {
        var result = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            var id = s.AddTask(Work.Sleep(1), 1);
            await s.RunAsync();
            return await s.WaitForResultAsync(id);
        });
        Assert.Null(result);
    }

    [Fact]
    public void WaitForResultAsync_TaskCancelled_ThrowsScheduledTaskCancelledExceptionNamingIt()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler();
            var id = s.AddTask(Work.Sleep(1), 2, "report");
            s.CancelTask(id);
            return await Assert.ThrowsAsync<ScheduledTaskCancelledException>(() => s.WaitForResultAsync(id));
        });
        Assert.Equal(1, error.TaskId);
        Assert.Contains("Task 1 ('report')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WaitForResultAsync_TaskFailed_RethrowsItsException()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            var id = s.AddTask(Work.SleepThenThrow(1, "disk full"), 1);
            await s.RunAsync();
            return await Assert.ThrowsAsync<InvalidOperationException>(() => s.WaitForResultAsync(id));
        });
        Assert.Equal("disk full", error.Message);
    }

    [Fact]
    public void WaitForResultAsync_WrongResultType_ThrowsInvalidCastNamingBothTypes()
    {
        var error = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            var id = s.AddTask(Work.SleepThenReturn(1, 42), 1);
            await s.RunAsync();
            return await Assert.ThrowsAsync<InvalidCastException>(() => s.WaitForResultAsync<string>(id));
        });
        Assert.Equal("Task 1 returned Int32, not String.", error.Message);
    }

    [Fact]
    public void KeepHistoryOff_AfterARun_ForgetsEndedTasksButWatchersStillSeeEvents()
    {
        var seen = new List<SchedulerEventKind>();
        var (scheduler, forgotten) = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1, KeepHistory = false });
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(async () =>
                {
                    await foreach (var e in s.WatchAsync())
                    {
                        seen.Add(e.Kind);
                    }
                });
                await Trio.Sleep(0);
                s.AddTask(Work.Sleep(1), 1);
                await s.RunAsync();
                await s.ShutdownAsync();
            });
            return (s, Assert.Throws<ArgumentException>(() => s.GetTask(1)));
        });
        Assert.Empty(scheduler.Log);
        Assert.Empty(scheduler.GetTasks());
        Assert.Contains("task 1 has ended and was forgotten", forgotten.Message, StringComparison.Ordinal);
        Assert.Equal(
            [
                SchedulerEventKind.Added, SchedulerEventKind.LevelStarted, SchedulerEventKind.Started, SchedulerEventKind.Completed,
                SchedulerEventKind.LevelFinished, SchedulerEventKind.ShutdownStarted, SchedulerEventKind.ShutdownFinished,
            ],
            seen);
    }
}
