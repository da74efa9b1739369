using System.Threading;

namespace TrioSharp.Tests.Sync;

/// <summary>Trio's Semaphore rules (trio-semantics.md §1F) for <see cref="TrioSemaphore"/>.</summary>
public class TrioSemaphoreTests
{
    [Fact]
    public void Constructor_NegativeInitial_ThrowsArgumentOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrioSemaphore(-1));
        Assert.Equal("initial", error.ParamName);
    }

    [Fact]
    public void Constructor_MaxBelowInitial_ThrowsArgumentOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrioSemaphore(2, max: 1));
        Assert.Equal("max", error.ParamName);
    }

    [Fact]
    public void Release_Unbounded_RaisesValueAboveInitial()
    {
        VirtualTime.Run(() =>
        {
            var semaphore = new TrioSemaphore(1);
            semaphore.Release();

            Assert.Equal(2, semaphore.Value);
            Assert.Null(semaphore.MaxValue);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void TryAcquire_UntilNoUnitIsLeft_DecrementsThenReturnsFalse()
    {
        VirtualTime.Run(() =>
        {
            var semaphore = new TrioSemaphore(2);

            Assert.True(semaphore.TryAcquire());
            Assert.True(semaphore.TryAcquire());
            Assert.False(semaphore.TryAcquire());
            Assert.Equal(0, semaphore.Value);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AcquireAsync_NoUnitFree_ReturnsWhenAnotherTaskReleases()
    {
        var acquiredAt = VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(0);
            double at = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await semaphore.AcquireAsync();
                    at = VirtualTime.Now;
                });
                await Trio.Sleep(2);
                semaphore.Release();
            });
            return at;
        });

        Assert.Equal(2.0, acquiredAt);
    }

    [Fact]
    public void AcquireScopeAsync_BlockThrows_ReleasesTheUnit()
    {
        VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(1);
            await TrioAssert.ThrowsAsync<InvalidDataException>(async () =>
            {
                using (await semaphore.AcquireScopeAsync())
                {
                    Assert.Equal(0, semaphore.Value);
                    throw new InvalidDataException();
                }
            });

            Assert.Equal(1, semaphore.Value);
        });
    }

    [Fact]
    public void Release_AtMax_ThrowsSemaphoreFullAndStaysUsable()
    {
        VirtualTime.Run(() =>
        {
            var semaphore = new TrioSemaphore(1, max: 1);

            var error = Assert.Throws<SemaphoreFullException>(semaphore.Release);
            Assert.Contains("maximum of 1", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, semaphore.Value);

            Assert.True(semaphore.TryAcquire());
            semaphore.Release();
            Assert.Equal(1, semaphore.Value);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Release_WithWaiter_HandsUnitToWaiterSoReleaserCannotBarge()
    {
        VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(0);
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await semaphore.AcquireAsync();
                    log.Add("waiter acquired");
                });
                await Trio.WaitAllTasksBlocked();
                Assert.Equal(1, semaphore.Statistics.TasksWaiting);

                semaphore.Release();

                Assert.Equal(0, semaphore.Value);
                Assert.Equal(0, semaphore.Statistics.TasksWaiting);
                Assert.False(semaphore.TryAcquire());
                Assert.Empty(log);
            });
            Assert.Equal(["waiter acquired"], log);
        });
    }

    [Fact]
    public void AcquireAsync_CancelledWhileWaiting_LeavesNoWaiterAndTakesNothing()
    {
        VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(0);
            var scope = await Trio.MoveOnAfter(1, async () => await semaphore.AcquireAsync());

            Assert.True(scope.CancelledCaught);
            Assert.Equal(1.0, VirtualTime.Now);
            Assert.Equal(0, semaphore.Statistics.TasksWaiting);
            semaphore.Release();
            Assert.Equal(1, semaphore.Value);
        });
    }

    [Fact]
    public void AcquireAsync_InCancelledScope_RaisesCancelledWithoutTakingUnit()
    {
        VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(1);
            var scope = new CancelScope();
            await scope.RunAsync(async s =>
            {
                s.Cancel();
                await semaphore.AcquireAsync();
            });

            Assert.True(scope.CancelledCaught);
            Assert.Equal(1, semaphore.Value);
        });
    }

    [Fact]
    public void AcquireAsync_UnitFree_StillLetsOtherTasksRun()
    {
        VirtualTime.Run(async () =>
        {
            var semaphore = new TrioSemaphore(1);
            var otherRan = false;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(() =>
                {
                    otherRan = true;
                    return Task.CompletedTask;
                });
                await semaphore.AcquireAsync();
                Assert.True(otherRan);
            });
        });
    }

    [Fact]
    public void Release_OutsideRun_ThrowsInvalidOperationNamingTheCall()
    {
        var semaphore = new TrioSemaphore(0);

        var error = Assert.Throws<InvalidOperationException>(semaphore.Release);
        Assert.Contains("TrioSemaphore.Release", error.Message, StringComparison.Ordinal);
    }
}
