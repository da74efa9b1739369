using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>
/// One producer and one consumer move <see cref="Items"/> ints through a channel: a TrioSharp memory channel
/// inside <c>Trio.Run</c>, against <see cref="Channel.CreateBounded{T}(int)"/> with thread-pool tasks.
/// </summary>
[MemoryDiagnoser]
public class ChannelBenchmarks
{
    private const int Items = 100_000;

    /// <summary>0 is a rendezvous: every item is a hand-off between the two tasks.</summary>
    [Params(0, 1024)]
    public int Capacity { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public async Task<long> SystemThreadingChannels()
    {
        var channel = Channel.CreateBounded<int>(Capacity);
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < Items; i++)
            {
                await channel.Writer.WriteAsync(i);
            }

            channel.Writer.Complete();
        });
        var consumer = Task.Run(async () =>
        {
            long sum = 0;
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                sum += item;
            }

            return sum;
        });
        await producer;
        return await consumer;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public long TrioSharpMemoryChannel() => Trio.Run(async () =>
    {
        var (sender, receiver) = MemoryChannel.Create<int>(Capacity);
        long sum = 0;
        await Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(async () =>
            {
                await using (sender)
                {
                    for (var i = 0; i < Items; i++)
                    {
                        await sender.SendAsync(i);
                    }
                }
            });
            nursery.StartSoon(async () =>
            {
                await foreach (var item in receiver)
                {
                    sum += item;
                }
            });
            return Task.CompletedTask;
        });
        return sum;
    });
}
