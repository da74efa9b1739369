namespace TrioSharp.Tests.Sync;

/// <summary><see cref="Condition"/>: wait releases and retakes the lock, notify wakes in FIFO order, cancellation retakes it too.</summary>
public class ConditionTests
{
    /// <summary>Starts <paramref name="count"/> tasks w1.. that wait on the condition and log their wake-up, holding the lock.</summary>
    private static void StartWaiters(Nursery nursery, Condition condition, int count, List<string> woken)
    {
        for (var i = 1; i <= count; i++)
        {
            var name = $"w{i}";
            nursery.StartSoon(
                async () =>
                {
                    await condition.AcquireAsync();
                    await condition.WaitAsync();
                    woken.Add($"{name} locked={condition.Locked}");
                    condition.Release();
                },
                name);
        }
    }

    [Fact]
    public void WaitAsync_Waiting_ReleasesTheLock()
    {
        var (locked, statistics) = VirtualTime.Run(async () =>
        {
            var condition = new Condition();
            var result = (true, default(ConditionStatistics));
            await Nursery.RunAsync(async n =>
            {
                StartWaiters(n, condition, 1, []);
                await Trio.WaitAllTasksBlocked();
                result = (condition.Locked, condition.Statistics);
                await condition.AcquireAsync();
                condition.NotifyAll();
                condition.Release();
            });
            return result;
        });

        Assert.False(locked);
        Assert.Equal(new ConditionStatistics(1, new LockStatistics(false, null, 0)), statistics);
    }

    [Fact]
    public void Notify_OneOfTwo_WakesTheFirstWaiterHoldingTheLock()
    {
        var (afterOne, all) = VirtualTime.Run(async () =>
        {
            var condition = new Condition();
            var woken = new List<string>();
            List<string> afterOne = [];
            await Nursery.RunAsync(async n =>
            {
                StartWaiters(n, condition, 2, woken);
                await Trio.WaitAllTasksBlocked();
                await condition.AcquireAsync();
                condition.Notify();
                condition.Release();
                await Trio.WaitAllTasksBlocked();
                afterOne = [.. woken];
                await condition.AcquireAsync();
                condition.Notify();
                condition.Release();
            });
            return (afterOne, woken);
        });

        Assert.Equal(["w1 locked=True"], afterOne);
        Assert.Equal(["w1 locked=True", "w2 locked=True"], all);
    }

    [Fact]
    public void NotifyAll_ThreeWaiters_EachRetakesTheLockInTurn()
    {
        var woken = VirtualTime.Run(async () =>
        {
            var condition = new Condition(new StrictFifoLock());
            var woken = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                StartWaiters(n, condition, 3, woken);
                await Trio.WaitAllTasksBlocked();
                await condition.AcquireAsync();
                condition.NotifyAll();
                condition.Release();
            });
            return woken;
        });

        Assert.Equal(["w1 locked=True", "w2 locked=True", "w3 locked=True"], woken);
    }

    [Fact]
    public void WaitAsync_CancelledWhileWaiting_RaisesCancelledHoldingTheLockAgain()
    {
        var (caught, heldAfter, at) = VirtualTime.Run(async () =>
        {
            var gate = new TrioLock();
            var condition = new Condition(gate);
            await condition.AcquireAsync();
            var scope = await Trio.MoveOnAfter(5, condition.WaitAsync);
            var held = gate.Statistics.Owner;
            condition.Release();
            return (scope.CancelledCaught, held, VirtualTime.Now);
        });

        Assert.True(caught);
        Assert.Equal("task 'main' (#1)", heldAfter);
        Assert.Equal(5.0, at);
    }

    [Fact]
    public void WaitAsync_WithoutTheLock_ThrowsInvalidOperation()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(() => new Condition().WaitAsync()));

        Assert.Contains("does not hold the condition's lock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notify_WithoutTheLock_ThrowsInvalidOperation()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(() =>
        {
            new Condition().Notify();
            return Task.CompletedTask;
        }));

        Assert.StartsWith("Condition.Notify:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAcquire_Free_TakesTheConditionsLock()
    {
        var (taken, locked) = VirtualTime.Run(() =>
        {
            var condition = new Condition();
            var taken = condition.TryAcquire();
            var locked = condition.Locked;
            condition.Release();
            return Task.FromResult((taken, locked));
        });

        Assert.True(taken);
        Assert.True(locked);
    }
}
