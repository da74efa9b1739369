namespace TrioSharp.Tests.Runtime;

public class ThreadCheckTests
{
    [Fact]
    public void TrioMembers_OutsideRun_ThrowInvalidOperationExceptionNamingTheMember()
    {
        var sleep = TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.Sleep(1));
        Assert.StartsWith("Trio.Sleep must be called inside Trio.Run", sleep.Message, StringComparison.Ordinal);
        TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.Checkpoint());
        Assert.Throws<InvalidOperationException>(() => Trio.CheckpointIfCancelled());
        TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.SleepForever());
        TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.SleepUntil(TimeSpan.Zero));
        TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.WaitAllTasksBlocked());
        Assert.Throws<InvalidOperationException>(() => Trio.CurrentTime);
        Assert.Throws<InvalidOperationException>(() => Trio.CurrentClock);
        Assert.Throws<InvalidOperationException>(() => Trio.CurrentEffectiveDeadline);
        Assert.Throws<InvalidOperationException>(() => Trio.CurrentCancellationToken);
        Assert.Throws<InvalidOperationException>(() => Trio.CurrentStatistics());
    }

    [Fact]
    public async Task RunAsync_OutsideRun_ThrowsInvalidOperationExceptionNamingTheMember()
    {
        var nursery = await Assert.ThrowsAsync<InvalidOperationException>(() => Nursery.RunAsync(_ => Task.CompletedTask));
        Assert.StartsWith("Nursery.RunAsync must be called inside Trio.Run", nursery.Message, StringComparison.Ordinal);

        var scope = await Assert.ThrowsAsync<InvalidOperationException>(() => new CancelScope().RunAsync(() => Task.CompletedTask));
        Assert.StartsWith("CancelScope.RunAsync must be called inside Trio.Run", scope.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sleep_FromTaskRunInsideATask_ThrowsAndTheLoopKeepsWorking()
    {
        VirtualTime.Run(async () =>
        {
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => Task.Run(async () => await Trio.Sleep(1)));

            Assert.Contains("avoid ConfigureAwait(false) and Task.Run", error.Message, StringComparison.Ordinal);
            await Trio.Sleep(1);
            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void CurrentTime_AfterConfigureAwaitFalse_ThrowsAndTheErrorReachesTheNursery()
    {
        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                // ForceYielding without the captured context: the rest of this lambda runs on the thread pool.
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                _ = Trio.CurrentTime;
            });
            return Task.CompletedTask;
        })));

        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
    }

    [Fact]
    public void StartSoon_FromAnotherThread_ThrowsAndStartsNothing()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(
                () => Task.Run(() => n.StartSoon(() => Task.CompletedTask)));

            Assert.Contains("on the thread of the loop", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, n.ChildCount);
            await Trio.Sleep(1);
        }));
    }

    [Fact]
    public void StartAsync_FromAnotherThread_ThrowsNamingTheApi()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(
                () => Task.Run(() => n.StartAsync(status =>
                {
                    status.Started();
                    return Task.CompletedTask;
                })));

            Assert.StartsWith("Nursery.StartAsync must be called", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, n.ChildCount);
        }));
    }

    [Fact]
    public void Cancel_ActiveScopeFromAnotherThread_ThrowsAndScopeStaysUncancelled()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => Task.Run(s.Cancel));

            Assert.Contains("CancelScope.Cancel must be used on the thread of the loop", error.Message, StringComparison.Ordinal);
            Assert.False(s.CancelCalled);
            await Trio.Sleep(1);
        }));

        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Deadline_ActiveScopeSetFromAnotherThread_ThrowsAndKeepsTheDeadline()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(async s =>
        {
            await TrioAssert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => s.Deadline = TimeSpan.Zero));

            Assert.Equal(TimeSpan.MaxValue, s.Deadline);
            Assert.False(s.CancelCalled);
        }));
    }

    [Fact]
    public void Shield_ActiveScopeUnshieldedFromAnotherThread_ThrowsAndStaysShielded()
    {
        VirtualTime.Run(() => new CancelScope().RunAsync(outer => new CancelScope(shield: true).RunAsync(async inner =>
        {
            outer.Cancel();

            await TrioAssert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => inner.Shield = false));

            Assert.True(inner.Shield);
        })));
    }

    [Fact]
    public void Checkpoint_InTimerCallbackOnLoopThread_ThrowsBecauseNoTaskIsRunning()
    {
        var clock = new VirtualClock();
        Exception? error = null;

        VirtualTime.Run(
            async () =>
            {
                using var timer = clock.CreateTimer(
                    _ => error = Record.Exception(Trio.CheckpointIfCancelled),
                    null,
                    TimeSpan.FromSeconds(1),
                    Timeout.InfiniteTimeSpan);
                await Trio.Sleep(2);
            },
            clock);

        var invalid = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("outside any task", invalid.Message, StringComparison.Ordinal);
    }
}
