namespace TrioSharp.Tests.Sync;

/// <summary>Trio's Lock rules (trio-semantics.md §1H) for <see cref="TrioLock"/>.</summary>
public class TrioLockTests
{
    [Fact]
    public void AcquireScopeAsync_InsideBlock_LockedAndOwnedByTheTask()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            Assert.False(gate.Locked);

            using (await gate.AcquireScopeAsync())
            {
                Assert.True(gate.Locked);
                Assert.StartsWith("task 'main'", gate.Statistics.Owner, StringComparison.Ordinal);
            }

            Assert.Equal(new LockStatistics(false, null, 0), gate.Statistics);
        });
    }

    [Fact]
    public void TryAcquire_ThenRelease_LocksAndUnlocks()
    {
        VirtualTime.Run(() =>
        {
            var gate = new TrioLock();

            Assert.True(gate.TryAcquire());
            Assert.True(gate.Locked);
            gate.Release();
            Assert.False(gate.Locked);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AcquireAsync_ByTheOwner_ThrowsInsteadOfDeadlocking()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            await gate.AcquireAsync();

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(async () => await gate.AcquireAsync());
            Assert.Contains("not re-entrant", error.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => gate.TryAcquire());
            gate.Release();
        });
    }

    [Fact]
    public void Release_ByNonOwnerOrWhenUnlocked_ThrowsAndLockStaysUsable()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            var unlocked = Assert.Throws<InvalidOperationException>(gate.Release);
            Assert.Contains("nobody holds it", unlocked.Message, StringComparison.Ordinal);

            await Nursery.RunAsync(async n =>
            {
                var holder = new TrioEvent();
                var done = new TrioEvent();
                n.StartSoon(async () =>
                {
                    await gate.AcquireAsync();
                    holder.Set();
                    await done.WaitAsync();
                    gate.Release();
                });
                await holder.WaitAsync();

                Assert.Throws<InvalidOperationException>(gate.Release);
                Assert.False(gate.TryAcquire());
                done.Set();
                await gate.AcquireAsync();
                gate.Release();
            });
        });
    }

    [Fact]
    public void Statistics_HolderAndWaiterThenWaiterCancelled_ReportedThenCleared()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    using (await gate.AcquireScopeAsync())
                    {
                        await Trio.Sleep(2);
                    }
                }, "holder");
                n.StartSoon(async () => await Trio.MoveOnAfter(1, async () => await gate.AcquireAsync()), "waiter");
                await Trio.WaitAllTasksBlocked();

                var busy = gate.Statistics;
                Assert.True(busy.Locked);
                Assert.StartsWith("task 'holder'", busy.Owner, StringComparison.Ordinal);
                Assert.Equal(1, busy.TasksWaiting);
            });

            Assert.Equal(new LockStatistics(false, null, 0), gate.Statistics);
        });
    }

    [Fact]
    public void Release_WithWaiter_WaiterOwnsItInsideReleaseSoReleaserCannotBarge()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            await gate.AcquireAsync();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await gate.AcquireAsync();
                    gate.Release();
                }, "next");
                await Trio.WaitAllTasksBlocked();

                gate.Release();

                Assert.StartsWith("task 'next'", gate.Statistics.Owner, StringComparison.Ordinal);
                Assert.False(gate.TryAcquire());
            });
        });
    }

    [Fact]
    public void AcquireAsync_AfterOwnerExitedHoldingIt_ThrowsBrokenResourceNamingTheOwner()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () => await gate.AcquireAsync(), "careless");
                return Task.CompletedTask;
            });

            var error = await TrioAssert.ThrowsAsync<BrokenResourceException>(async () => await gate.AcquireAsync());
            Assert.Contains("task 'careless'", error.Message, StringComparison.Ordinal);
            Assert.False(gate.TryAcquire());
        });
    }

    [Fact]
    public void AcquireAsync_WaitingWhenOwnerExitsHoldingIt_WaiterGetsBrokenResourceAtThatTime()
    {
        var brokenAt = VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            double at = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await gate.AcquireAsync();
                    await Trio.Sleep(3);
                }, "careless");
                await Trio.WaitAllTasksBlocked();
                await TrioAssert.ThrowsAsync<BrokenResourceException>(async () => await gate.AcquireAsync());
                at = VirtualTime.Now;
            });
            return at;
        });

        Assert.Equal(3.0, brokenAt);
    }

    [Fact]
    public void Release_OwnerReleasedBeforeExiting_LockNotBroken()
    {
        VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () =>
                {
                    using (await gate.AcquireScopeAsync())
                    {
                        await Trio.Sleep(1);
                    }
                });
                return Task.CompletedTask;
            });

            await gate.AcquireAsync();
            Assert.True(gate.Locked);
            gate.Release();
        });
    }
}
