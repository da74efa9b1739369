namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>Real worker processes (the built <c>triosharp scheduler worker</c>) sharing one queue.</summary>
[Collection(RealTimeGroup.Name)]
public class FleetTests
{
    [Fact]
    public async Task ThreeWorkers_ManyJobs_EachCompletedExactlyOnce()
    {
        const int Jobs = 10_000;
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var workers = await StartWorkersAsync(scheduler, 3, "--concurrency", "4");
        try
        {
            // Added by 8 clients at once while the workers already run, so claims race with adds and with each other.
            await Parallel.ForAsync(0, Jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
                await scheduler.AddAsync("noop", "{}", 1 + (i % 5), cancellationToken: token));
            await Eventually.Drained(scheduler, TimeSpan.FromMinutes(5));
        }
        finally
        {
            await DisposeAllAsync(workers);
        }

        var events = await AllEventsAsync(scheduler);
        var started = events.Where(e => e.Kind == "started").ToList();
        var completed = events.Where(e => e.Kind == "completed").ToList();
        Assert.Equal(Jobs, started.Select(e => e.JobId).Distinct().Count());
        Assert.Equal(Jobs, started.Count);
        Assert.Equal(Jobs, completed.Select(e => e.JobId).Distinct().Count());
        Assert.Equal(Jobs, completed.Count);
        Assert.Equal(Jobs, (await scheduler.CountAsync())[DurableJobStatus.Completed]);
        Assert.All(workers, w => Assert.Contains(completed, e => e.Worker == w.Name));
    }

    [Fact]
    public async Task ThreeWorkers_JobsOfMixedLevels_StartInPriorityOrderFleetWide()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var ids = new Dictionary<long, int>();
        for (var i = 0; i < 240; i++)
        {
            var priority = 1 + (i * 7 % 5);
            ids[await scheduler.AddAsync("sleep", """{"seconds":0.02}""", priority)] = priority;
        }

        var workers = await StartWorkersAsync(scheduler, 3, "--concurrency", "2");
        try
        {
            await Eventually.Drained(scheduler);
        }
        finally
        {
            await DisposeAllAsync(workers);
        }

        var started = (await AllEventsAsync(scheduler)).Where(e => e.Kind == "started").ToList();
        Assert.Equal(240, started.Count);

        // Every job was pending from the start, so each worker's own claims come strictly best first: a better
        // job it skipped was being claimed by another worker at that moment, and was never pending again.
        foreach (var mine in started.GroupBy(e => e.Worker))
        {
            var order = mine.Select(e => (e.Priority!.Value, e.JobId!.Value)).ToList();
            Assert.Equal(order.Order(), order);
        }

        // Fleet-wide, no job started while a better one was still pending, beyond the latency of concurrent claims (generous bound).
        var bound = TimeSpan.FromSeconds(1);
        foreach (var e in started)
        {
            Assert.DoesNotContain(started, f => f.Priority < e.Priority && f.At > e.At + bound);
        }
    }

    [Fact]
    public async Task WorkerKilledMidJob_AnotherWorkerCompletesItAfterTheLeaseExpires()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var workers = await StartWorkersAsync(scheduler, 2, "--lease", "2s", "--poll", "500ms");
        try
        {
            var id = await scheduler.AddAsync("sleep", """{"seconds":3,"result":"done"}""", 1);
            var running = await Eventually.Status(scheduler, id, DurableJobStatus.Running);
            var victim = workers.Single(w => w.Name == running.Worker);

            victim.Kill();

            var job = await Eventually.Status(scheduler, id, DurableJobStatus.Completed);
            var survivor = workers.Single(w => w != victim);
            Assert.Equal((survivor.Name, 2, "\"done\""), (await LastWorkerAsync(scheduler, id), job.Attempts, job.ResultJson));
            Assert.Matches($"^attempt 1 on {victim.Name}: lease expired at ", Assert.Single(job.Errors));
            Assert.Equal(["added", "started", "retried", "started", "completed"], (await scheduler.GetEventsAsync(jobId: id)).Select(e => e.Kind));
        }
        finally
        {
            await DisposeAllAsync(workers);
        }
    }

    [Fact]
    public async Task CancelFromAnotherProcess_RunningJob_IsStoppedByItsWorkerWithinASecond()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await WorkerProcess.StartAsync(scheduler, "w1");
        var id = await scheduler.AddAsync("sleep", """{"seconds":600}""", 1);
        await Eventually.Status(scheduler, id, DurableJobStatus.Running);

        var (exitCode, output, _) = await CliProcess.RunAsync(scheduler, "cancel", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((0, "stopping"), (exitCode, output.Trim()));
        await Eventually.Status(scheduler, id, DurableJobStatus.Cancelled);
        var events = await scheduler.GetEventsAsync(jobId: id);
        Assert.Equal(["added", "started", "stopped", "cancelled"], events.Select(e => e.Kind));
        Assert.True(events[3].At - events[2].At < TimeSpan.FromSeconds(1), $"stopped at {events[2].At:O}, cancelled at {events[3].At:O}");
    }

    [Fact]
    public async Task RescheduleFromAnotherProcess_PendingJob_RunsAtItsNewLevel()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await WorkerProcess.StartAsync(scheduler, "w1", "--concurrency", "1");
        var blocker = await scheduler.AddAsync("sleep", """{"seconds":1.5}""", 1);
        await Eventually.Status(scheduler, blocker, DurableJobStatus.Running);
        var a = await scheduler.AddAsync("noop", "{}", 3);
        var b = await scheduler.AddAsync("noop", "{}", 3);

        var (exitCode, output, _) = await CliProcess.RunAsync(scheduler, "reschedule", b.ToString(System.Globalization.CultureInfo.InvariantCulture), "2");

        Assert.Equal((0, "rescheduled"), (exitCode, output.Trim()));
        await Eventually.Drained(scheduler);
        var starts = (await AllEventsAsync(scheduler)).Where(e => e.Kind == "started").Select(e => e.JobId);
        Assert.Equal([blocker, b, a], starts);
    }

    [Fact]
    public async Task ShutdownOfAWorker_LetsItsJobFinishAndLeavesPendingJobsForTheOthers()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var first = await WorkerProcess.StartAsync(scheduler, "w1", "--concurrency", "1", "--grace", "60s");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await scheduler.AddAsync("sleep", """{"seconds":1}""", 1));
        }

        await Eventually.Status(scheduler, ids[0], DurableJobStatus.Running);
        var exitCode = await first.TerminateAsync();
        await first.DisposeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(DurableJobStatus.Completed, (await scheduler.GetJobAsync(ids[0])).Status);
        foreach (var id in ids.Skip(1))
        {
            var left = await scheduler.GetJobAsync(id);
            Assert.Equal((DurableJobStatus.Pending, 0), (left.Status, left.Attempts));
        }

        await using var second = await WorkerProcess.StartAsync(scheduler, "w2");
        await Eventually.Drained(scheduler);
        foreach (var id in ids.Skip(1))
        {
            Assert.Equal("w2", await LastWorkerAsync(scheduler, id));
        }
    }

    [Fact]
    public async Task CliAddStatusWatch_FromAShell_AddAJobAndShowItsLife()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await WorkerProcess.StartAsync(scheduler, "w1");

        var add = await CliProcess.RunAsync(scheduler, "add", "--type", "sleep", "--payload", """{"seconds":0.1,"result":"ok"}""", "-p", "2", "--name", "nap");
        var id = long.Parse(add.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Status(scheduler, id, DurableJobStatus.Completed);
        var status = await CliProcess.RunAsync(scheduler, "status", add.Output.Trim());
        var watch = await CliProcess.RunAsync(scheduler, "watch", "--no-follow");

        Assert.Equal((0, 0, 0), (add.ExitCode, status.ExitCode, watch.ExitCode));
        Assert.Equal(
            [$"job {id} completed: type sleep, priority 2, attempts 1/3, name nap", """payload {"result": "ok", "seconds": 0.1}""", "result \"ok\""],
            status.Output.TrimEnd().Split('\n'));
        Assert.Equal(
            ["worker_started worker w1 (concurrency 4)", $"added job {id} p2", $"started job {id} p2 worker w1 (attempt 1)", $"completed job {id} p2 worker w1"],
            watch.Output.TrimEnd().Split('\n').Select(line => line[(line.IndexOf(' ', line.IndexOf(' ', StringComparison.Ordinal) + 1) + 1)..]));
    }

    private static async Task<List<WorkerProcess>> StartWorkersAsync(DurableScheduler scheduler, int count, params string[] extra)
    {
        var workers = new List<WorkerProcess>();
        for (var i = 1; i <= count; i++)
        {
            workers.Add(await WorkerProcess.StartAsync(scheduler, $"w{i}", extra));
        }

        return workers;
    }

    private static async Task DisposeAllAsync(List<WorkerProcess> workers)
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    private static async Task<List<DurableEvent>> AllEventsAsync(DurableScheduler scheduler)
    {
        var all = new List<DurableEvent>();
        while (await scheduler.GetEventsAsync(all.Count == 0 ? 0 : all[^1].Id, 5000) is { Count: > 0 } page)
        {
            all.AddRange(page);
        }

        return all;
    }

    private static async Task<string?> LastWorkerAsync(DurableScheduler scheduler, long id) =>
        (await scheduler.GetEventsAsync(jobId: id)).Last(e => e.Kind == "completed").Worker;
}
