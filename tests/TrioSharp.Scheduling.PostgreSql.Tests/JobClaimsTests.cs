namespace TrioSharp.Scheduling.PostgreSql.Tests;

public class JobClaimsTests
{
    private static readonly string[] Noop = ["noop"];

    [Fact]
    public async Task ClaimAsync_MixedLevels_TakesTheHighestLevelFirstThenFifo()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var ids = new List<long>();
        foreach (var priority in new[] { 3, 1, 2, 1, 3, 2 })
        {
            ids.Add(await scheduler.AddAsync("noop", "{}", priority));
        }

        var claims = new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false);
        var first = await claims.ClaimAsync(3, Noop, CancellationToken.None);
        var rest = await claims.ClaimAsync(10, Noop, CancellationToken.None);

        Assert.Equal([ids[1], ids[3], ids[2]], first.Select(j => j.Id));
        Assert.Equal([ids[5], ids[0], ids[4]], rest.Select(j => j.Id));
    }

    [Fact]
    public async Task ClaimAsync_OtherTypes_LeavesThemForWorkersThatHandleThem()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var resize = await scheduler.AddAsync("resize", "{}", 1);
        var noop = await scheduler.AddAsync("noop", "{}", 2);

        var claimed = await new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false).ClaimAsync(5, Noop, CancellationToken.None);

        Assert.Equal([noop], claimed.Select(j => j.Id));
        Assert.Equal(DurableJobStatus.Pending, (await scheduler.GetJobAsync(resize)).Status);
    }

    [Fact]
    public async Task ClaimAsync_NotBeforeLater_SkipsItAndReportsWhenItIsDue()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var later = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);
        await scheduler.AddAsync("noop", "{}", 1, notBefore: later);
        var claims = new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false);

        var claimed = await claims.ClaimAsync(5, Noop, CancellationToken.None);
        var due = await claims.NextDueInAsync(Noop, CancellationToken.None);

        Assert.Empty(claimed);
        Assert.InRange(due!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task ClaimAsync_ManyWorkersAtOnce_NeverClaimTheSameJobTwice()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        for (var i = 0; i < 300; i++)
        {
            await scheduler.AddAsync("noop", "{}", 1 + (i % 5));
        }

        var workers = Enumerable.Range(0, 6).Select(i => new JobClaims(scheduler, $"w{i}", TimeSpan.FromMinutes(1), levelRuns: false)).ToList();
        var claimed = await Task.WhenAll(workers.Select(async claims =>
        {
            var mine = new List<long>();
            while (await claims.ClaimAsync(7, Noop, CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(j => j.Id));
            }

            return mine;
        }));

        var all = claimed.SelectMany(ids => ids).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }

    [Fact]
    public async Task ClaimAsync_LevelRunsWhileAHigherLevelRuns_ClaimsNothingBelowIt()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var high = await scheduler.AddAsync("noop", "{}", 1);
        var low = await scheduler.AddAsync("noop", "{}", 2);
        var claims = new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: true);

        var first = await claims.ClaimAsync(5, Noop, CancellationToken.None);
        var whileHighRuns = await claims.ClaimAsync(5, Noop, CancellationToken.None);
        await claims.CompleteAsync(first[0], null, CancellationToken.None);
        var afterHigh = await claims.ClaimAsync(5, Noop, CancellationToken.None);

        Assert.Equal([high], first.Select(j => j.Id));
        Assert.Empty(whileHighRuns);
        Assert.Equal([low], afterHigh.Select(j => j.Id));
    }

    [Fact]
    public async Task ClaimAsync_LevelLimitAcrossWorkers_TakesNoMoreOfThatLevelAndGoesOnBelowIt()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var high = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            high.Add(await scheduler.AddAsync("noop", "{}", 1));
        }

        var low = await scheduler.AddAsync("noop", "{}", 2);
        var limits = new Dictionary<int, int> { [1] = 2 };
        var first = new JobClaims(scheduler, "w1", TimeSpan.FromMinutes(1), levelRuns: false, limits);
        var second = new JobClaims(scheduler, "w2", TimeSpan.FromMinutes(1), levelRuns: false, limits);

        var one = await first.ClaimAsync(1, Noop, CancellationToken.None);
        var two = await second.ClaimAsync(5, Noop, CancellationToken.None);
        await first.CompleteAsync(one[0], null, CancellationToken.None);
        var three = await first.ClaimAsync(5, Noop, CancellationToken.None);

        Assert.Equal([high[0]], one.Select(j => j.Id));
        Assert.Equal([high[1], low], two.Select(j => j.Id));
        Assert.Equal([high[2]], three.Select(j => j.Id));
    }

    [Fact]
    public async Task ClaimAsync_LevelLimitWithManyWorkersAtOnce_NeverRunsMoreThanTheLimit()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        for (var i = 0; i < 20; i++)
        {
            await scheduler.AddAsync("noop", "{}", 1);
        }

        var limits = new Dictionary<int, int> { [1] = 3 };
        var claimed = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            new JobClaims(scheduler, $"w{i}", TimeSpan.FromMinutes(1), levelRuns: false, limits).ClaimAsync(2, Noop, CancellationToken.None)));

        Assert.Equal(3, claimed.Sum(c => c.Count));
    }

    [Fact]
    public async Task RecoverExpiredAsync_DeadWorkersLease_PutsTheJobBackWithTheReason()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1, maxAttempts: 2);
        await new JobClaims(scheduler, "dead", TimeSpan.FromMilliseconds(1), levelRuns: false).ClaimAsync(1, Noop, CancellationToken.None);
        var survivor = new JobClaims(scheduler, "alive", TimeSpan.FromMinutes(1), levelRuns: false);

        await Eventually.Until(async () => await survivor.RecoverExpiredAsync(CancellationToken.None) == 1, "the dead worker's lease to expire");

        var job = await scheduler.GetJobAsync(id);
        Assert.Equal((DurableJobStatus.Pending, 1, null), (job.Status, job.Attempts, job.Worker));
        Assert.Matches("^attempt 1 on dead: lease expired at .* \\(the worker died or stalled\\)$", Assert.Single(job.Errors));
        Assert.Equal(["added", "started", "retried"], (await scheduler.GetEventsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task RecoverExpiredAsync_LastAttemptsLease_FailsTheJob()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1, maxAttempts: 1);
        await new JobClaims(scheduler, "dead", TimeSpan.FromMilliseconds(1), levelRuns: false).ClaimAsync(1, Noop, CancellationToken.None);
        var survivor = new JobClaims(scheduler, "alive", TimeSpan.FromMinutes(1), levelRuns: false);

        await Eventually.Until(async () => await survivor.RecoverExpiredAsync(CancellationToken.None) == 1, "the dead worker's lease to expire");

        var job = await scheduler.GetJobAsync(id);
        Assert.Equal(DurableJobStatus.Failed, job.Status);
        Assert.Single(job.Errors);
        Assert.Empty(await survivor.ClaimAsync(1, Noop, CancellationToken.None));
    }

    [Fact]
    public async Task RequeueAsync_CancelRequestedMeanwhile_EndsCancelledInsteadOfPending()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1);
        var claims = new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false);
        var job = (await claims.ClaimAsync(1, Noop, CancellationToken.None)).Single();
        await scheduler.CancelAsync(id);

        await claims.RequeueAsync(job, CancellationToken.None);

        Assert.Equal(DurableJobStatus.Cancelled, (await scheduler.GetJobAsync(id)).Status);
        Assert.Equal(["added", "started", "stopped", "cancelled"], (await scheduler.GetEventsAsync(jobId: id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task FailedAsync_CancelRequestedMeanwhile_EndsCancelledAndKeepsTheReason()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1, maxAttempts: 3);
        var claims = new JobClaims(scheduler, "w", TimeSpan.FromMinutes(1), levelRuns: false);
        var job = (await claims.ClaimAsync(1, Noop, CancellationToken.None)).Single();
        await scheduler.CancelAsync(id);

        await claims.FailedAsync(job, "IOException: gone", CancellationToken.None);

        var ended = await scheduler.GetJobAsync(id);
        Assert.Equal((DurableJobStatus.Cancelled, "attempt 1 on w: IOException: gone"), (ended.Status, Assert.Single(ended.Errors)));
    }

    [Fact]
    public async Task CompleteAsync_AfterTheLeaseWasLostAndRetaken_ChangesNothing()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        var id = await scheduler.AddAsync("noop", "{}", 1);
        var stalled = new JobClaims(scheduler, "stalled", TimeSpan.FromMilliseconds(1), levelRuns: false);
        var stale = (await stalled.ClaimAsync(1, Noop, CancellationToken.None)).Single();
        var other = new JobClaims(scheduler, "other", TimeSpan.FromMinutes(1), levelRuns: false);
        await Eventually.Until(async () => await other.RecoverExpiredAsync(CancellationToken.None) == 1, "the stalled worker's lease to expire");
        await other.ClaimAsync(1, Noop, CancellationToken.None);

        await stalled.CompleteAsync(stale, "\"late\"", CancellationToken.None);

        var job = await scheduler.GetJobAsync(id);
        Assert.Equal((DurableJobStatus.Running, "other", 2, null), (job.Status, job.Worker, job.Attempts, job.ResultJson));
    }
}
