namespace TrioSharp.Load;

/// <summary>The three load workloads, each one <c>Trio.Run</c> on a virtual clock.</summary>
internal static class Workloads
{
    /// <summary>
    /// <paramref name="report"/>'s total tasks, started 1,000 at a time in one nursery each; every task checkpoints
    /// once and exits.
    /// </summary>
    public static void Tasks(LoadReport report) => Trio.Run(
        async () =>
        {
            const int PerNursery = 1_000;
            for (var done = 0L; done < report.Chunk * 10; done += PerNursery)
            {
                await Nursery.RunAsync(nursery =>
                {
                    for (var i = 0; i < PerNursery; i++)
                    {
                        nursery.StartSoon(static () => Trio.Checkpoint().AsTask());
                    }

                    return Task.CompletedTask;
                });
                report.Advance(PerNursery);
            }
        },
        new TrioRunOptions { Clock = new VirtualClock() });

    /// <summary>
    /// <paramref name="report"/>'s total messages through one channel of capacity 16, from four producers (each with
    /// its own clone of the send handle) to four consumers.
    /// </summary>
    public static void Messages(LoadReport report) => Trio.Run(
        async () =>
        {
            const int Producers = 4;
            var (send, receive) = MemoryChannel.Create<long>(16);
            var perProducer = report.Chunk * 10 / Producers;
            var received = 0L;
            await Nursery.RunAsync(nursery =>
            {
                for (var p = 0; p < Producers; p++)
                {
                    var sender = send.Clone();
                    nursery.StartSoon(async () =>
                    {
                        await using (sender)
                        {
                            for (var i = 0L; i < perProducer; i++)
                            {
                                await sender.SendAsync(i);
                            }
                        }
                    });
                }

                send.Close();
                for (var c = 0; c < 4; c++)
                {
                    var receiver = receive.Clone();
                    nursery.StartSoon(async () =>
                    {
                        await using (receiver)
                        {
                            await foreach (var unused in receiver)
                            {
                                // Every 1,000 messages (from any consumer) the report may sample.
                                if (++received % 1_000 == 0)
                                {
                                    report.Advance(1_000);
                                }
                            }
                        }
                    });
                }

                receive.Close();
                return Task.CompletedTask;
            });
        },
        new TrioRunOptions { Clock = new VirtualClock() });

    /// <summary>
    /// <paramref name="report"/>'s total cancel scopes with deadlines, entered 100 at a time by each of 1,000 tasks:
    /// each waits 1-10 ms of virtual time under a deadline of 1-10 ms (about half of those time out) or of an hour
    /// (a timeout that never fires, as most request timeouts), while a heartbeat task keeps an earlier deadline armed
    /// for the whole run.
    /// </summary>
    public static void Deadlines(LoadReport report) => Trio.Run(
        async () =>
        {
            const int Workers = 1_000;
            var perWorker = report.Chunk * 10 / Workers;
            var random = new Random(42);
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(static async () =>
                {
                    while (true)
                    {
                        await Trio.Sleep(TimeSpan.FromMilliseconds(0.5));
                    }
                });

                await Nursery.RunAsync(workers =>
                {
                    for (var w = 0; w < Workers; w++)
                    {
                        workers.StartSoon(async () =>
                        {
                            for (var i = 0L; i < perWorker; i++)
                            {
                                // Half are request-style timeouts that practically never fire.
                                var deadline = random.Next(2) == 0 ? TimeSpan.FromMilliseconds(random.Next(1, 11)) : TimeSpan.FromHours(1);
                                var work = TimeSpan.FromMilliseconds(random.Next(1, 11));
                                await Trio.MoveOnAfter(deadline, () => Trio.Sleep(work).AsTask());
                                report.Advance(1);
                            }
                        });
                    }

                    return Task.CompletedTask;
                });
                nursery.CancelScope.Cancel();
            });
        },
        new TrioRunOptions { Clock = new VirtualClock() });
}
