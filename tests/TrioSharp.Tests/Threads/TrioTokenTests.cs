namespace TrioSharp.Tests.Threads;

public class TrioTokenTests
{
    [Fact]
    public void RunSoon_FromAnotherThread_RunsOnTheLoopOutsideAnyTask()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            var done = new TrioEvent();
            var other = new Thread(() => token.RunSoon(() =>
            {
                log.Add(Runner.Current is { CurrentTask: null } ? "on the loop, no task" : "elsewhere");
                done.Set();
            }));
            other.Start();
            await done.WaitAsync();
            other.Join();
        }));

        Assert.Equal(["on the loop, no task"], log);
    }

    [Fact]
    public void InvokeAsync_FromAnotherThread_CompletesWithTheCallbacksResult()
    {
        var result = RealTimeGuard.RunWith(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            var counter = 41;
            return await Task.Run(() => token.InvokeAsync(() => ++counter));
        }));

        Assert.Equal(42, result);
    }

    [Fact]
    public void InvokeAsync_CallbackThrows_TheCallerGetsTheExceptionAndTheRunGoesOn()
    {
        var thrown = new InvalidDataException("bad");
        Exception? caught = null;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            caught = await Task.Run(async () =>
            {
                try
                {
                    await token.InvokeAsync(() => throw thrown);
                    return null;
                }
                catch (InvalidDataException e)
                {
                    return e;
                }
            });
            await Trio.Sleep(1);
        }));

        Assert.Same(thrown, caught);
    }

    [Fact]
    public void Invoke_OnTheLoopsOwnThread_ThrowsInsteadOfDeadlocking()
    {
        VirtualTime.Run(() =>
        {
            var error = Assert.Throws<InvalidOperationException>(() => Trio.CurrentToken.Invoke(() => 1));
            Assert.Contains("loop's own thread", error.Message, StringComparison.Ordinal);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void RunAsync_FromAnotherThread_RunsAsATaskOfTheLoopAndReturnsItsResult()
    {
        var result = RealTimeGuard.RunWith(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            return await Task.Run(() => token.RunAsync(async () =>
            {
                await Trio.Sleep(2);
                return $"slept until {VirtualTime.Now}";
            }));
        }, JumpingWhileMainAwaitsOtherThreads()));

        Assert.Equal("slept until 2", result);
    }

    [Fact]
    public void RunAsync_WorkFails_TheCallerGetsTheErrorAndTheLoopGoesOn()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            var outcome = await Task.Run(async () =>
            {
                try
                {
                    await token.RunAsync(async () =>
                    {
                        await Trio.Checkpoint();
                        throw new InvalidOperationException("work failed");
                    });
                    return "no error";
                }
                catch (InvalidOperationException e)
                {
                    return e.Message;
                }
            });
            log.Add(outcome);
            await Trio.Sleep(1);
            log.Add("main went on");
        }));

        Assert.Equal(["work failed", "main went on"], log);
    }

    [Fact]
    public void RunAsync_CallersTokenFires_CancelsOnlyThatWork()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            using var stop = new CancellationTokenSource();
            var started = new TrioEvent();
            var cancelled = token.RunAsync(
                async () =>
                {
                    started.Set();
                    await Trio.SleepForever();
                },
                stop.Token);
            var other = token.RunAsync(async () =>
            {
                await Trio.Sleep(5);
                return "other finished";
            });
            await started.WaitAsync();
            await Task.Run(stop.Cancel);
            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            log.Add(error.CancellationToken == stop.Token ? "cancelled with the caller's token" : "other cancellation");
            log.Add(await other);
        }, JumpingWhileMainAwaitsOtherThreads()));

        Assert.Equal(["cancelled with the caller's token", "other finished"], log);
    }

    [Fact]
    public void RunAsync_ManyThreadsAtOnce_KeepsEachThreadsOrder()
    {
        const int Threads = 8;
        const int PerThread = 200;
        var seen = new List<(int Thread, int Seq)>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            var submitters = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
            {
                var pending = new List<Task>();
                for (var i = 0; i < PerThread; i++)
                {
                    var seq = i;
                    pending.Add(token.RunAsync(() =>
                    {
                        seen.Add((t, seq));
                        return Task.CompletedTask;
                    }));
                }

                await Task.WhenAll(pending);
            })).ToArray();
            await Task.WhenAll(submitters);
        }));

        Assert.Equal(Threads * PerThread, seen.Count);
        foreach (var group in seen.GroupBy(s => s.Thread))
        {
            Assert.Equal(Enumerable.Range(0, PerThread), group.Select(s => s.Seq));
        }
    }

    [Fact]
    public void Token_AfterTheRunFinished_RefusesWorkWithRunFinishedException()
    {
        var token = VirtualTime.Run(() => Task.FromResult(Trio.CurrentToken));

        Assert.True(token.IsRunFinished);
        Assert.Throws<RunFinishedException>(() => token.RunSoon(() => { }));
        Assert.Throws<RunFinishedException>(() => token.Invoke(() => 1));
        var error = Assert.Throws<RunFinishedException>(() => token.Run(() => Task.CompletedTask));
        Assert.Contains("has finished", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_SubmittedAfterMainExited_IsRefused()
    {
        Task? late = null;

        VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            _ = token.RunAsync(() => new CancelScope(shield: true).RunAsync(async () =>
            {
                // Shielded, this system task outlives main (which exits at 1 s) and keeps the run going.
                await Trio.Sleep(5);
                late = token.RunAsync(() => Task.CompletedTask);
                await Trio.Checkpoint();
            }));
            await Trio.Sleep(1);
        });

        Assert.IsType<RunFinishedException>(late!.Exception!.InnerException);
    }

    [Fact]
    public void RunAsync_StillRunningWhenMainExits_IsCancelledAndTheCallerIsTold()
    {
        Task? work = null;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            work = Trio.CurrentToken.RunAsync(async () => await Trio.SleepForever());
            await Trio.Sleep(1);
        }));

        Assert.True(work!.IsFaulted);
        Assert.IsType<Cancelled>(work.Exception!.InnerException);
    }

    [Fact]
    public void RunSoon_CallbackThrows_TheRunEndsWithThatError()
    {
        var thrown = new InvalidDataException("callback bug");

        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(async () =>
        {
            Trio.CurrentToken.RunSoon(() => throw thrown);
            await Trio.SleepForever();
        }));

        Assert.Same(thrown, error.InnerException);
    }

    [Fact]
    public void CurrentToken_Taken_TheLoopWaitsForOtherThreadsInsteadOfReportingADeadlock()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var token = Trio.CurrentToken;
            var ready = new TrioEvent();
            var helper = new Thread(() => token.RunSoon(ready.Set));

            // Every task is blocked with no deadline, but the helper thread holds the token and will set the event.
            helper.Start();
            await ready.WaitAsync();
            helper.Join();
            log.Add("woken by the other thread");
        }));

        Assert.Equal(["woken by the other thread"], log);
    }

    [Fact]
    public void Current_OnAThreadWithNoLoop_IsNull() => Assert.Null(TrioToken.Current);

    /// <summary>
    /// A clock that jumps after 1 ms of idle real time even while main awaits another thread's task: a plain autojumping
    /// clock stands still while any task awaits outside work.
    /// </summary>
    private static VirtualClock JumpingWhileMainAwaitsOtherThreads() => new() { AutojumpThreshold = TimeSpan.FromMilliseconds(1) };
}
