using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>One task passing 10,000 schedule points: <c>Trio.Checkpoint</c> against <c>Task.Yield</c> on the thread pool.</summary>
/// <remarks>
/// Both sides suspend the task and queue its continuation to their scheduler each time: TrioSharp's run
/// queue (plus the cancellation check a checkpoint makes), the thread pool's queue for <c>Task.Yield</c>.
/// The TrioSharp time includes starting one <c>Trio.Run</c> loop per 10,000 checkpoints, as the BCL time
/// includes one <c>Task.Run</c>; <c>bench/peers/trio_bench.py checkpoint</c> is the same workload in Python Trio.
/// </remarks>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private const int Checkpoints = 10_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Checkpoints)]
    public Task TaskYield() => Task.Run(async () =>
    {
        for (var i = 0; i < Checkpoints; i++)
        {
            await Task.Yield();
        }
    });

    [Benchmark(OperationsPerInvoke = Checkpoints)]
    public void TrioCheckpoint() => Trio.Run(async () =>
    {
        for (var i = 0; i < Checkpoints; i++)
        {
            await Trio.Checkpoint();
        }
    });
}
