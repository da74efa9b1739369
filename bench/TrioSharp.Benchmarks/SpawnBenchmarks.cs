using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>Spawning and joining 10,000 tasks: a TrioSharp nursery against <c>Task.Run</c> and <c>Task.WhenAll</c>.</summary>
/// <remarks>
/// Each task does the same work on both sides: it yields to its scheduler once and ends. A task that
/// returned at once would measure only the bookkeeping of an already finished task (the BCL would hand back
/// a completed Task and never queue a continuation); one schedule point makes each task really suspend,
/// be queued and resumed by its scheduler, which is the cost a program of many small tasks pays.
/// <c>Trio.Checkpoint</c> is TrioSharp's schedule point and <c>Task.Yield</c> the thread pool's. The time
/// of each TrioSharp invocation includes starting and ending one <c>Trio.Run</c> loop, shared by the
/// 10,000 tasks; <c>bench/peers/trio_bench.py spawn</c> is the same workload in Python Trio.
/// </remarks>
[MemoryDiagnoser]
public class SpawnBenchmarks
{
    private const int Tasks = 10_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public Task TaskRunWhenAll()
    {
        var tasks = new Task[Tasks];
        for (var i = 0; i < Tasks; i++)
        {
            tasks[i] = Task.Run(YieldOnce);
        }

        return Task.WhenAll(tasks);
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public void NurseryStartSoon() =>
        Trio.Run(() => Nursery.RunAsync(nursery =>
        {
            for (var i = 0; i < Tasks; i++)
            {
                nursery.StartSoon(CheckpointOnce);
            }

            return Task.CompletedTask;
        }));

    private static async Task YieldOnce() => await Task.Yield();

    private static async Task CheckpointOnce() => await Trio.Checkpoint();
}
