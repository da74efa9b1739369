namespace TrioSharp.Tests.Runtime;

/// <summary>
/// Many threads posting completions into one loop at once (the HttpClient case): nothing is lost, every
/// continuation runs on the loop as its own task, and the loop never hangs (each test is bounded in real time).
/// </summary>
public class CrossThreadCompletionTests
{
    private const int Threads = 16;
    private const int Rounds = 200;

    [Fact]
    public void Run_SixteenThreadsCompletingAwaitedSourcesAtOnce_ResumesEveryWaiterOnTheLoop()
    {
        var slots = new TaskCompletionSource<int>[Threads];
        var resumed = 0;
        var offLoop = 0;
        using var go = new SemaphoreSlim(0);
        using var together = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                go.Wait();

                // Every worker completes its source at the same moment, so the posts race into the inbox.
                together.SignalAndWait();
                Volatile.Read(ref slots[i]).SetResult(i);
            }
        })
        { IsBackground = true, Name = $"completer {i}" }).ToList();
        workers.ForEach(worker => worker.Start());

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var loop = Runner.Current;
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < Threads; i++)
                {
                    Volatile.Write(ref slots[i], new TaskCompletionSource<int>());
                }

                await Nursery.RunAsync(async n =>
                {
                    for (var i = 0; i < Threads; i++)
                    {
                        var slot = i;
                        var source = slots[slot].Task;
                        n.StartSoon(async () =>
                        {
                            var value = await source;
                            Assert.Equal(slot, value);
                            if (Runner.Current != loop)
                            {
                                Interlocked.Increment(ref offLoop);
                            }

                            resumed++;
                        });
                    }

                    // The children run up to their awaits in the next batch; then the workers may complete.
                    await Trio.Checkpoint();
                    go.Release(Threads);
                });
            }
        }));

        Assert.All(workers, worker => Assert.True(worker.Join(RealTimeGuard.Bound)));
        Assert.Equal(Threads * Rounds, resumed);
        Assert.Equal(0, offLoop);
    }

    [Fact]
    public void Run_SixteenThreadPoolWorkItemsPerRound_ReturnsEveryResultToItsTask()
    {
        var results = new int[Threads * Rounds];

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var loop = Runner.Current;
            for (var round = 0; round < Rounds; round++)
            {
                var first = round * Threads;
                await Nursery.RunAsync(n =>
                {
                    for (var i = first; i < first + Threads; i++)
                    {
                        var index = i;
                        n.StartSoon(async () =>
                        {
                            results[index] = await Task.Run(() => index * 2);
                            Assert.Same(loop, Runner.Current);

                            // Virtual time does not move while work is outside, and moves once all of it is back.
                            await Trio.Sleep(1);
                        });
                    }

                    return Task.CompletedTask;
                });
            }

            Assert.Equal(Rounds, VirtualTime.Now);
        }));

        Assert.Equal(Enumerable.Range(0, Threads * Rounds).Select(i => i * 2), results);
    }

    [Fact]
    public void Run_SixteenProducersHoppingToThePoolBeforeEachSend_DeliversEveryMessageOnce()
    {
        const int Messages = 50;
        var received = new List<int>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(0);
            await Nursery.RunAsync(async n =>
            {
                for (var producer = 0; producer < Threads; producer++)
                {
                    var sender = send.Clone();
                    var id = producer;
                    n.StartSoon(async () =>
                    {
                        await using (sender)
                        {
                            for (var i = 0; i < Messages; i++)
                            {
                                // Each message waits on a thread-pool hop, then a rendezvous with the consumer.
                                var value = await Task.Run(() => (id * Messages) + i);
                                await sender.SendAsync(value);
                            }
                        }
                    });
                }

                send.Close();
                await foreach (var value in receive)
                {
                    received.Add(value);
                }
            });
        }));

        Assert.Equal(Enumerable.Range(0, Threads * Messages), received.Order());
    }
}
