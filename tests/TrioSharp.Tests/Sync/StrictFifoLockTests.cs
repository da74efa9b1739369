namespace TrioSharp.Tests.Sync;

/// <summary>What <see cref="StrictFifoLock"/> adds to the lock contract: strict hand-over, and messages in its own name.</summary>
public class StrictFifoLockTests
{
    [Fact]
    public void Release_WhileATaskWaits_ReleaserCannotTakeItBack()
    {
        var (retaken, owner) = VirtualTime.Run(async () =>
        {
            var gate = new StrictFifoLock();
            var result = (true, "");
            await gate.AcquireAsync();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(
                    async () =>
                    {
                        await gate.AcquireAsync();
                        gate.Release();
                    },
                    "waiter");
                await Trio.WaitAllTasksBlocked();
                gate.Release();
                result = (gate.TryAcquire(), gate.Statistics.Owner!);
            });
            return result;
        });

        Assert.False(retaken);
        Assert.Equal("task 'waiter' (#2)", owner);
    }

    [Fact]
    public void AcquireAsync_ByTheOwner_MessageNamesStrictFifoLock()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(async () =>
        {
            var gate = new StrictFifoLock();
            await gate.AcquireAsync();
            await gate.AcquireAsync();
        }));

        Assert.StartsWith("StrictFifoLock: task 'main' (#1) attempted to re-acquire", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcquireScopeAsync_Disposed_ReleasesTheLock()
    {
        var (inside, after) = VirtualTime.Run(async () =>
        {
            var gate = new StrictFifoLock();
            bool inside;
            using (await gate.AcquireScopeAsync())
            {
                inside = gate.Locked;
            }

            return (inside, gate.Locked);
        });

        Assert.True(inside);
        Assert.False(after);
    }
}
