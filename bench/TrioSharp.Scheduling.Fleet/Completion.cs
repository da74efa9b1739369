namespace TrioSharp.Scheduling.Fleet;

/// <summary>Waits for a run's jobs to finish, or for progress to stop.</summary>
internal static class Completion
{
    /// <summary>How long without a single completion counts as stalled (Hangfire.PostgreSql was seen to leave a fetched job unprocessed until its 30-minute invisibility timeout).</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="count"/> until it reaches <paramref name="total"/> or stops growing for <see cref="Stall"/>; returns the last count.</summary>
    public static async Task<long> WaitAsync(Func<Task<long>> count, long total, string side)
    {
        var last = -1L;
        var lastChange = DateTime.UtcNow;
        while (true)
        {
            var done = await count();
            if (done >= total)
            {
                return done;
            }

            if (done != last)
            {
                (last, lastChange) = (done, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - lastChange > Stall)
            {
                Console.WriteLine($"  {side}: stalled with {total - done} of {total} jobs not done after {Stall.TotalSeconds} s without progress; throughput counts the done ones");
                return done;
            }

            await Task.Delay(100);
        }
    }
}
