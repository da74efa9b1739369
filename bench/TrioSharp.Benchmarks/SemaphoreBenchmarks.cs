using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>
/// <see cref="Workers"/> tasks each take a 2-slot semaphore <see cref="Rounds"/> times, yielding once while they
/// hold it: <see cref="TrioSemaphore"/> inside <c>Trio.Run</c> against <see cref="SemaphoreSlim"/> with
/// thread-pool tasks.
/// </summary>
[MemoryDiagnoser]
public class SemaphoreBenchmarks
{
    private const int Workers = 10;
    private const int Rounds = 1_000;
    private const int Slots = 2;

    [Benchmark(Baseline = true, OperationsPerInvoke = Workers * Rounds)]
    public async Task SemaphoreSlimThreadPool()
    {
        using var semaphore = new SemaphoreSlim(Slots, Slots);
        var workers = new Task[Workers];
        for (var w = 0; w < Workers; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < Rounds; i++)
                {
                    await semaphore.WaitAsync();
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        semaphore.Release();
                    }
                }
            });
        }

        await Task.WhenAll(workers);
    }

    [Benchmark(OperationsPerInvoke = Workers * Rounds)]
    public void TrioSemaphore() => Trio.Run(() =>
    {
        var semaphore = new TrioSemaphore(Slots, Slots);
        return Nursery.RunAsync(nursery =>
        {
            for (var w = 0; w < Workers; w++)
            {
                nursery.StartSoon(async () =>
                {
                    for (var i = 0; i < Rounds; i++)
                    {
                        using (await semaphore.AcquireScopeAsync())
                        {
                            await Trio.Checkpoint();
                        }
                    }
                });
            }

            return Task.CompletedTask;
        });
    });
}
