namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>Waits for a condition across processes, with a generous bound (a bound is a failure, not a timing assertion).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static async Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? bound = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (bound ?? Bound);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {(bound ?? Bound).TotalSeconds} s waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public static Task Until(Func<Task<bool>> condition, string what, TimeSpan? bound = null) =>
        Until(async () => await condition() ? string.Empty : null, what, bound);

    /// <summary>Waits until job <paramref name="id"/> has <paramref name="status"/>.</summary>
    public static Task<DurableJobInfo> Status(DurableScheduler scheduler, long id, DurableJobStatus status) =>
        Until(async () => await scheduler.GetJobAsync(id) is var job && job.Status == status ? job : null, $"job {id} to be {status}");

    /// <summary>Waits until no job is pending or running.</summary>
    public static Task Drained(DurableScheduler scheduler, TimeSpan? bound = null) => Until(
        async () =>
        {
            var counts = await scheduler.CountAsync();
            return counts.GetValueOrDefault(DurableJobStatus.Pending) + counts.GetValueOrDefault(DurableJobStatus.Running)
                + counts.GetValueOrDefault(DurableJobStatus.Cancelling) == 0;
        },
        "the queue to drain",
        bound);
}
