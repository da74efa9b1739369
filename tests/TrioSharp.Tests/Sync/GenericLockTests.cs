namespace TrioSharp.Tests.Sync;

/// <summary>
/// Trio's generic lock rules (trio-semantics.md §1H, L5), run against every primitive that can act as a lock.
/// </summary>
public abstract class GenericLockTests
{
    /// <summary>A fresh lock-like primitive: how to acquire it and how to release it.</summary>
    protected abstract (Func<ValueTask> Acquire, Action Release) CreateLock();

    [Fact]
    public void AcquireAsync_FiveWorkersTenLoopsWithCheckpointsInside_NeverOverlap()
    {
        var acquires = VirtualTime.Run(async () =>
        {
            var (acquire, release) = CreateLock();
            var inCriticalSection = false;
            var count = 0;
            await Nursery.RunAsync(n =>
            {
                for (var w = 0; w < 5; w++)
                {
                    n.StartSoon(async () =>
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            await acquire();
                            try
                            {
                                count++;
                                Assert.False(inCriticalSection);
                                inCriticalSection = true;
                                await Trio.Checkpoint();
                                await Trio.Checkpoint();
                                Assert.True(inCriticalSection);
                                inCriticalSection = false;
                            }
                            finally
                            {
                                release();
                            }
                        }
                    });
                }

                return Task.CompletedTask;
            });
            return count;
        });

        Assert.Equal(50, acquires);
    }

    [Fact]
    public void AcquireAsync_ThreeLoopingAcquirers_RepeatFirstArrivalOrderEveryRound()
    {
        var (initialOrder, record) = VirtualTime.Run(async () =>
        {
            var (acquire, release) = CreateLock();
            var first = new List<int>();
            var rounds = new List<int>();
            await Nursery.RunAsync(n =>
            {
                for (var name = 1; name <= 3; name++)
                {
                    var me = name;
                    n.StartSoon(async () =>
                    {
                        first.Add(me);
                        for (var i = 0; i < 5; i++)
                        {
                            await acquire();
                            rounds.Add(me);
                            release();
                        }
                    });
                }

                return Task.CompletedTask;
            });
            return (first, rounds);
        });

        Assert.Equal(15, record.Count);
        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(initialOrder, record.Skip(3 * round).Take(3));
        }
    }
}
