using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>
/// A round trip to a worker thread and back, 1,000 in a row: <c>Trio.ToThreadAsync</c> from a task of a loop (under
/// <c>Trio.Run</c> and under <c>Trio.RunAsync</c>) against <c>await Task.Run</c> from a thread-pool continuation.
/// </summary>
/// <remarks>
/// The function does no work, so what is timed is the hop: queueing it on the pool, the limiter's token, and coming back
/// to the loop (for TrioSharp: a post to the loop's inbox that wakes it, and the task's resumption in the next batch).
/// Each TrioSharp invocation includes starting and ending one loop, shared by the 1,000 round trips.
/// </remarks>
[MemoryDiagnoser]
public class ToThreadBenchmarks
{
    private const int RoundTrips = 1_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public async Task<int> TaskRunAwait()
    {
        var sum = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            var value = i;
            sum += await Task.Run(() => value);
        }

        return sum;
    }

    /// <summary>
    /// A thread that blocks on <c>Task.Run</c> for each result: what a thread-owning loop (<c>Trio.Run</c>) is, so the
    /// baseline for it; both pay a hand-off to a pool thread and a wake-up of the waiting thread per round trip.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public int TaskRunBlockingWait()
    {
        var sum = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            var value = i;
            sum += Task.Run(() => value).GetAwaiter().GetResult();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public int ToThreadUnderRun() => Trio.Run(RoundTripsAsync);

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public Task<int> ToThreadUnderRunAsync() => Trio.RunAsync(RoundTripsAsync);

    private static async Task<int> RoundTripsAsync()
    {
        var sum = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            var value = i;
            sum += await Trio.ToThreadAsync(() => value);
        }

        return sum;
    }
}
