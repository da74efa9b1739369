namespace TrioSharp.Scheduling.PostgreSql.Tests;

public class DurableSchedulerTests
{
    [Fact]
    public async Task MigrateAsync_Twice_LeavesTheLatestVersion()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();

        Assert.Equal(1, await scheduler.MigrateAsync());
    }

    [Fact]
    public void Constructor_SchemaNotAPlainName_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new DurableScheduler(TestDatabase.ConnectionString, new DurableSchedulerOptions { Schema = "jobs; drop table x" }));

        Assert.Contains("'jobs; drop table x' is not a plain PostgreSQL name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_PriorityOutsideTheLevels_ThrowsAndAddsNothing()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync(new DurableSchedulerOptions { Levels = 3 });

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scheduler.AddAsync("noop", "{}", 4));

        Assert.Contains("use 1 (highest) to 3 (lowest)", error.Message, StringComparison.Ordinal);
        Assert.Empty(await scheduler.GetJobsAsync());
    }

    [Fact]
    public async Task AddAsync_PayloadNotJson_ThrowsAndAddsNothing()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scheduler.AddAsync("noop", "{oops", 1));

        Assert.StartsWith("The payload is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(await scheduler.GetJobsAsync());
    }

    [Fact]
    public async Task AddAsync_Job_IsPendingWithItsFieldsAndLogsAdded()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();

        var id = await scheduler.AddAsync("resize", """{"w":10}""", 2, name: "thumb", maxAttempts: 5);

        var job = await scheduler.GetJobAsync(id);
        Assert.Equal(
            ("resize", """{"w": 10}""", "thumb", 2, DurableJobStatus.Pending, 0, 5),
            (job.Type, job.PayloadJson, job.Name, job.Priority, job.Status, job.Attempts, job.MaxAttempts));
        var added = Assert.Single(await scheduler.GetEventsAsync());
        Assert.Equal(("added", id, 2), (added.Kind, added.JobId, added.Priority));
    }

    [Fact]
    public async Task CancelAsync_Pending_RemovesIt()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1);

        var outcome = await scheduler.CancelAsync(id);

        Assert.Equal(CancelOutcome.Removed, outcome);
        var job = await scheduler.GetJobAsync(id);
        Assert.Equal(DurableJobStatus.Cancelled, job.Status);
        Assert.NotNull(job.EndedAt);
        Assert.Equal(["added", "removed"], (await scheduler.GetEventsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task CancelAsync_AlreadyEnded_ThrowsNamingTheStatus()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1);
        await scheduler.CancelAsync(id);

        var error = await Assert.ThrowsAsync<DurableSchedulerException>(() => scheduler.CancelAsync(id));

        Assert.Equal($"Job {id} already ended (cancelled); there is nothing to cancel.", error.Message);
    }

    [Fact]
    public async Task GetJobAsync_NoSuchJob_ThrowsNamingTheId()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();

        var error = await Assert.ThrowsAsync<DurableSchedulerException>(() => scheduler.GetJobAsync(42));

        Assert.Equal("There is no job 42 in this queue (check the id and --schema).", error.Message);
    }

    [Fact]
    public async Task RescheduleAsync_Pending_MovesItToTheBackOfTheNewLevel()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var a = await scheduler.AddAsync("noop", "{}", 2);
        var b = await scheduler.AddAsync("noop", "{}", 1);
        var c = await scheduler.AddAsync("noop", "{}", 1);
        var d = await scheduler.AddAsync("noop", "{}", 3);

        await scheduler.RescheduleAsync(b, 1);
        await scheduler.RescheduleAsync(d, 2);

        var claimed = await new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false).ClaimAsync(4, ["noop"], CancellationToken.None);
        Assert.Equal([c, b, a, d], claimed.Select(j => j.Id));
    }

    [Fact]
    public async Task RescheduleAsync_Running_ThrowsAndLeavesIt()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 2);
        await new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false).ClaimAsync(1, ["noop"], CancellationToken.None);

        var error = await Assert.ThrowsAsync<DurableSchedulerException>(() => scheduler.RescheduleAsync(id, 1));

        Assert.StartsWith($"Job {id} is running; only a pending job can be rescheduled", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await scheduler.GetJobAsync(id)).Priority);
    }
}
