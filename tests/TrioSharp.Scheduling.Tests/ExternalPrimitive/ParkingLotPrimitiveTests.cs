using TrioSharp.LowLevel;

namespace TrioSharp.Scheduling.Tests.ExternalPrimitive;

/// <summary>
/// A lock and a condition written in this test project on the public low-level API behave as the core's primitives
/// do: exclusion, FIFO hand-over, cancellation, deadlock reports, virtual-clock autojump, per-run state.
/// </summary>
public class ParkingLotPrimitiveTests
{
    [Fact]
    public void AcquireAsync_FiveWorkersWithCheckpointsInside_NeverOverlapInArrivalOrder()
    {
        var order = VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            var inside = false;
            var order = new List<string>();
            await Nursery.RunAsync(n =>
            {
                for (var w = 1; w <= 5; w++)
                {
                    var name = $"w{w}";
                    n.StartSoon(async () =>
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            await gate.AcquireAsync();
                            Assert.False(inside);
                            inside = true;
                            order.Add(name);
                            await Trio.Checkpoint();
                            inside = false;
                            gate.Release();
                        }
                    });
                }

                return Task.CompletedTask;
            });
            return order;
        });

        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "w1", "w2", "w3", "w4", "w5"], order);
    }

    [Fact]
    public void AcquireAsync_OwnerSleeps_WaiterGetsTheLockAtTheOwnersVirtualTime()
    {
        var acquiredAt = VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            var acquiredAt = -1.0;
            await gate.AcquireAsync();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await gate.AcquireAsync();
                    acquiredAt = VirtualTime.Now;
                    gate.Release();
                });
                await Trio.Sleep(4);
                gate.Release();
            });
            return acquiredAt;
        });

        Assert.Equal(4.0, acquiredAt);
    }

    [Fact]
    public void AcquireAsync_CancelledWhileWaiting_LeavesTheLotAndNeverOwns()
    {
        var (caught, waiting, owner) = VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            await gate.AcquireAsync();
            var scope = await Trio.MoveOnAfter(2, gate.AcquireAsync);
            return (scope.CancelledCaught, gate.Lot.Count, gate.Owner!.Value.Name);
        });

        Assert.True(caught);
        Assert.Equal(0, waiting);
        Assert.Equal("main", owner);
    }

    [Fact]
    public void AcquireAsync_OwnerNeverReleases_DeadlockReportNamesTheWait()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(gate.AcquireAsync, "holder");
                await Trio.Sleep(1);
                await gate.AcquireAsync();
            });
        }));

        Assert.Contains("task 'main' (#1): ParkingLotLock.AcquireAsync (waiting for the owner)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notify_ReparksTheWaiter_ItRunsOnlyOnceTheNotifierReleases()
    {
        var log = VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            var condition = new ParkingLotCondition(gate);
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(
                    async () =>
                    {
                        await gate.AcquireAsync();
                        await condition.WaitAsync();
                        log.Add($"waiter woke owning={gate.Owner == TrioLowLevel.CurrentTask}");
                        gate.Release();
                    },
                    "waiter");
                await Trio.WaitAllTasksBlocked();
                await gate.AcquireAsync();
                condition.Notify();
                log.Add($"notified: condition {condition.Waiting}, lock lot {gate.Lot.Count}");
                await Trio.WaitAllTasksBlocked();
                log.Add("notifier releases");
                gate.Release();
            });
            return log;
        });

        Assert.Equal(["notified: condition 0, lock lot 1", "notifier releases", "waiter woke owning=True"], log);
    }

    [Fact]
    public void WaitAsync_CancelledAfterRepark_RaisesHoldingTheLock()
    {
        var (caught, ownerAfter) = VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            var condition = new ParkingLotCondition(gate);
            var result = (false, "");
            await Nursery.RunAsync(async n =>
            {
                var scope = new CancelScope();
                n.StartSoon(async () =>
                {
                    await gate.AcquireAsync();
                    await scope.RunAsync(condition.WaitAsync);
                    result = (scope.CancelledCaught, gate.Owner!.Value.Name);
                    gate.Release();
                }, "waiter");
                await Trio.WaitAllTasksBlocked();
                await gate.AcquireAsync();
                condition.Notify();
                scope.Cancel();
                await Trio.Sleep(1);
                gate.Release();
            });
            return result;
        });

        Assert.True(caught);
        Assert.Equal("waiter", ownerAfter);
    }

    [Fact]
    public void AcquisitionsInRun_TwoRuns_EachCountsItsOwn()
    {
        static int RunWith(int acquisitions) => VirtualTime.Run(async () =>
        {
            var gate = new ParkingLotLock();
            for (var i = 0; i < acquisitions; i++)
            {
                await gate.AcquireAsync();
                gate.Release();
            }

            return ParkingLotLock.AcquisitionsInRun.Value;
        });

        Assert.Equal((3, 2), (RunWith(3), RunWith(2)));
    }
}
