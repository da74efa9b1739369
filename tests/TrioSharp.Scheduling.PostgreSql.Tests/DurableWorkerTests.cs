namespace TrioSharp.Scheduling.PostgreSql.Tests;

public class DurableWorkerTests
{
    private sealed record Size(int Width, int Height);

    [Fact]
    public async Task Handle_TypedHandler_GetsThePayloadAndItsResultIsStored()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await InProcessWorker.StartAsync(scheduler, w => w.Handle<Size, int>("area", (size, _) => Task.FromResult(size.Width * size.Height)));

        var id = await scheduler.AddAsync("area", """{"Width":6,"Height":7}""", 1);

        var job = await Eventually.Status(scheduler, id, DurableJobStatus.Completed);
        Assert.Equal(("42", 1), (job.ResultJson, job.Attempts));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_RetriesUpToMaxAttemptsThenFailsWithEveryReason()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await InProcessWorker.StartAsync(
            scheduler,
            w => w.HandleJson("flaky", (_, _) => throw new InvalidOperationException("disk full")),
            new DurableWorkerOptions { Name = "w1" });

        var id = await scheduler.AddAsync("flaky", "{}", 1, maxAttempts: 3);

        var job = await Eventually.Status(scheduler, id, DurableJobStatus.Failed);
        Assert.Equal(
            ["attempt 1 on w1: InvalidOperationException: disk full", "attempt 2 on w1: InvalidOperationException: disk full", "attempt 3 on w1: InvalidOperationException: disk full"],
            job.Errors);
        Assert.Equal(
            ["added", "started", "retried", "started", "retried", "started", "failed"],
            (await scheduler.GetEventsAsync(jobId: id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task CancelAsync_RunningJob_CancelsItsScopeAndItEndsCancelled()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var cancelledInside = false;
        await using var worker = await InProcessWorker.StartAsync(scheduler, w => w.HandleJson("forever", async (_, _) =>
        {
            try
            {
                await Trio.SleepForever();
            }
            catch (Cancelled)
            {
                cancelledInside = true;
                throw;
            }

            return null;
        }));
        var id = await scheduler.AddAsync("forever", "{}", 1);
        await Eventually.Status(scheduler, id, DurableJobStatus.Running);

        var outcome = await scheduler.CancelAsync(id);

        Assert.Equal(CancelOutcome.StopRequested, outcome);
        await Eventually.Status(scheduler, id, DurableJobStatus.Cancelled);
        Assert.True(cancelledInside);
        Assert.Equal(["added", "started", "stopped", "cancelled"], (await scheduler.GetEventsAsync(jobId: id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task StopAsync_JobLongerThanTheGrace_StopsItAndPutsItBackPendingUncounted()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var worker = await InProcessWorker.StartAsync(
            scheduler,
            w => w.HandleJson("forever", async (_, _) =>
            {
                await Trio.SleepForever();
                return null;
            }),
            new DurableWorkerOptions { ShutdownGrace = TimeSpan.FromMilliseconds(200) });
        var id = await scheduler.AddAsync("forever", "{}", 1);
        await Eventually.Status(scheduler, id, DurableJobStatus.Running);

        await worker.DisposeAsync();

        var job = await scheduler.GetJobAsync(id);
        Assert.Equal((DurableJobStatus.Pending, 0, null), (job.Status, job.Attempts, job.Worker));
        Assert.Equal(["added", "started", "requeued"], (await scheduler.GetEventsAsync(jobId: id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task StopAsync_JobShorterThanTheGrace_LetsItCompleteAndLeavesTheRestPending()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var worker = await InProcessWorker.StartAsync(
            scheduler,
            w => w.HandleJson("sleep", async (_, _) =>
            {
                await Trio.Sleep(0.5);
                return "\"done\"";
            }),
            new DurableWorkerOptions { Concurrency = 1, ShutdownGrace = TimeSpan.FromSeconds(60) });
        var first = await scheduler.AddAsync("sleep", "{}", 1);
        var second = await scheduler.AddAsync("sleep", "{}", 1);
        await Eventually.Status(scheduler, first, DurableJobStatus.Running);

        await worker.DisposeAsync();

        Assert.Equal(DurableJobStatus.Completed, (await scheduler.GetJobAsync(first)).Status);
        var left = await scheduler.GetJobAsync(second);
        Assert.Equal((DurableJobStatus.Pending, 0), (left.Status, left.Attempts));
    }

    [Fact]
    public async Task RunAsync_JobAddedWhileIdle_StartsWithoutWaitingForThePoll()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await InProcessWorker.StartAsync(
            scheduler,
            w => w.HandleJson("noop", (_, _) => Task.FromResult<string?>(null)),
            new DurableWorkerOptions { PollInterval = TimeSpan.FromHours(1) });

        var id = await scheduler.AddAsync("noop", "{}", 1);

        // With an hour-long poll, only the NOTIFY can have woken the worker.
        await Eventually.Status(scheduler, id, DurableJobStatus.Completed);
    }

    [Fact]
    public async Task Constructor_HeartbeatNotShorterThanTheLease_ThrowsNamingBoth()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();

        var error = Assert.Throws<ArgumentException>(() => new DurableWorker(scheduler, new DurableWorkerOptions { Lease = TimeSpan.FromSeconds(2), HeartbeatInterval = TimeSpan.FromSeconds(2) }));

        Assert.Contains("the lease (00:00:02) must be positive and the heartbeat (00:00:02) positive and shorter than the lease", error.Message, StringComparison.Ordinal);
    }
}
