using BenchmarkDotNet.Attributes;
using TrioSharp.Scheduling;

namespace TrioSharp.Benchmarks;

/// <summary>
/// 100,000 no-op tasks spread over 5 levels: the TrioSharp PriorityScheduler against the hand-rolled
/// PriorityQueue + SemaphoreSlim pattern. Mean is per task; Allocated is per task (per pending task for the
/// Add benchmarks).
/// </summary>
[MemoryDiagnoser]
public class SchedulerBenchmarks
{
    private const int Tasks = 100_000;
    private const int Levels = 5;
    private const int BaselineConcurrency = 16;

    private static readonly Func<Task> NoOp = () => Task.CompletedTask;

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public Task PriorityQueueSemaphore_RunAll() => RunBaselineAsync();

    [Benchmark(OperationsPerInvoke = Tasks)]
    public void PriorityScheduler_RunAll() => RunScheduler(keepHistory: true);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public void PriorityScheduler_RunAll_NoHistory() => RunScheduler(keepHistory: false);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int PriorityQueue_AddPending()
    {
        var queue = new PriorityQueue<Func<Task>, (int Level, long Sequence)>();
        for (var i = 0; i < Tasks; i++)
        {
            queue.Enqueue(NoOp, ((i % Levels) + 1, i));
        }

        return queue.Count;
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int PriorityScheduler_AddPending() => AddSchedulerPending(keepHistory: true);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public int PriorityScheduler_AddPending_NoHistory() => AddSchedulerPending(keepHistory: false);

    private static void RunScheduler(bool keepHistory) =>
        Trio.Run(
            async () =>
            {
                var scheduler = new PriorityScheduler(new SchedulerOptions { Levels = Levels, KeepHistory = keepHistory });
                for (var i = 0; i < Tasks; i++)
                {
                    scheduler.AddTask(NoOp, (i % Levels) + 1);
                }

                await scheduler.RunAsync();
            },
            new TrioRunOptions { Clock = new VirtualClock() });

    private static int AddSchedulerPending(bool keepHistory) =>
        Trio.Run(
            () =>
            {
                var scheduler = new PriorityScheduler(new SchedulerOptions { Levels = Levels, KeepHistory = keepHistory });
                for (var i = 0; i < Tasks; i++)
                {
                    scheduler.AddTask(NoOp, (i % Levels) + 1);
                }

                return Task.FromResult(scheduler.PendingCount);
            },
            new TrioRunOptions { Clock = new VirtualClock() });

    /// <summary>The pattern people write by hand: a priority heap drained under a semaphore.</summary>
    private static async Task RunBaselineAsync()
    {
        var queue = new PriorityQueue<Func<Task>, (int Level, long Sequence)>();
        for (var i = 0; i < Tasks; i++)
        {
            queue.Enqueue(NoOp, ((i % Levels) + 1, i));
        }

        using var gate = new SemaphoreSlim(BaselineConcurrency);
        var running = new List<Task>(Tasks);
        while (queue.TryDequeue(out var work, out _))
        {
            await gate.WaitAsync();
            running.Add(RunOneAsync(work, gate));
        }

        await Task.WhenAll(running);
    }

    private static async Task RunOneAsync(Func<Task> work, SemaphoreSlim gate)
    {
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }
}
