namespace TrioSharp.Tests.Sync;

/// <summary>
/// A lock built on a capacity-1 memory channel (send to acquire, receive to release), as in Trio's generic lock
/// tests. Channel operations that need not wait yield only once per cooperative budget, so this lock is FIFO-fair
/// only between acquirers that reach a checkpoint while holding it.
/// </summary>
public class ChannelLockTests
{
    [Fact]
    public void SendAsync_ChannelLockWithCheckpointsInside_FiveWorkersNeverOverlap()
    {
        var (acquires, overlaps) = VirtualTime.Run(async () =>
        {
            var (acquire, release) = CreateLock();
            bool inCriticalSection = false;
            int count = 0, overlapping = 0;
            await Nursery.RunAsync(n =>
            {
                for (var w = 0; w < 5; w++)
                {
                    n.StartSoon(async () =>
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            await acquire();
                            count++;
                            overlapping += inCriticalSection ? 1 : 0;
                            inCriticalSection = true;
                            await Trio.Checkpoint();
                            inCriticalSection = false;
                            release();
                        }
                    });
                }

                return Task.CompletedTask;
            });
            return (count, overlapping);
        });

        Assert.Equal((50, 0), (acquires, overlaps));
    }

    [Fact]
    public void SendAsync_ChannelLockLoopersCheckpointWhileHolding_RepeatFirstArrivalOrder()
    {
        var record = RecordLoopers(checkpointWhileHolding: true);

        Assert.Equal(Enumerable.Repeat(new[] { 1, 2, 3 }, 5).SelectMany(round => round), record);
    }

    [Fact]
    public void SendAsync_ChannelLockLoopersNeverCheckpoint_FirstLooperFinishesWithinItsBudget()
    {
        var record = RecordLoopers(checkpointWhileHolding: false);

        Assert.Equal(Enumerable.Range(1, 3).SelectMany(name => Enumerable.Repeat(name, 5)), record);
    }

    private static (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var (send, receive) = MemoryChannel.Create<int>(1);
        return (() => send.SendAsync(0), () => Assert.True(receive.TryReceive(out _)));
    }

    private static List<int> RecordLoopers(bool checkpointWhileHolding) => VirtualTime.Run(async () =>
    {
        var (acquire, release) = CreateLock();
        var record = new List<int>();
        await Nursery.RunAsync(n =>
        {
            for (var name = 1; name <= 3; name++)
            {
                var me = name;
                n.StartSoon(async () =>
                {
                    for (var i = 0; i < 5; i++)
                    {
                        await acquire();
                        record.Add(me);
                        if (checkpointWhileHolding)
                        {
                            await Trio.Checkpoint();
                        }

                        release();
                    }
                });
            }

            return Task.CompletedTask;
        });
        return record;
    });
}
