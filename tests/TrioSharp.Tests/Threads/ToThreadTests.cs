using TrioSharp.LowLevel;

namespace TrioSharp.Tests.Threads;

public class ToThreadTests
{
    [Fact]
    public void ToThreadAsync_Function_ReturnsItsResultComputedOffTheLoop()
    {
        var (result, loopOnWorker) = VirtualTime.Run(async () =>
            await Trio.ToThreadAsync(() => (21 * 2, Runner.Current)));

        Assert.Equal(42, result);
        Assert.Null(loopOnWorker);
    }

    [Fact]
    public void ToThreadAsync_FunctionThrows_TheSameExceptionReachesTheTask()
    {
        var thrown = new FormatException("bad input");
        Exception? caught = null;

        VirtualTime.Run(async () =>
        {
            try
            {
                await Trio.ToThreadAsync<int>(() => throw thrown);
            }
            catch (FormatException e)
            {
                caught = e;
            }
        });

        Assert.Same(thrown, caught);
    }

    [Fact]
    public void ToThreadAsync_FunctionThrows_TheExceptionKeepsTheFunctionsStackTrace()
    {
        Exception? caught = null;

        VirtualTime.Run(async () =>
        {
            try
            {
                await Trio.ToThreadAsync(ThrowFromAWorker);
            }
            catch (FormatException e)
            {
                caught = e;
            }
        });

        Assert.Contains(nameof(ThrowFromAWorker), caught?.StackTrace);
    }

    private static int ThrowFromAWorker() => throw new FormatException("from the worker");

    [Fact]
    public void ToThreadAsync_WhileTheFunctionRuns_TheTaskSaysItWaitsForAWorkerThread()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        string? waitingFor = null;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                var worker = await n.StartAsync<TaskInfo>(async status =>
                {
                    status.Started(TrioLowLevel.CurrentTask);
                    await Trio.ToThreadAsync(() =>
                    {
                        started.Set();
                        release.Wait();
                    });
                });

                // The main task waits for the worker's function to start on a thread of its own, then looks.
                await Trio.ToThreadAsync(() => started.Wait());
                waitingFor = worker.WaitingFor;
                release.Set();
            });
        }));

        Assert.Equal("Trio.ToThreadAsync (a function on a worker thread)", waitingFor);
    }

    [Fact]
    public void ToThreadAsync_SecondCallBeforeTheFirstIsAwaited_ThrowsAndLeavesTheLimiterAsItWas()
    {
        var (first, borrowed) = VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(2);
#pragma warning disable CA2012 // The point of the test: a second wait started while the first is pending.
            var pending = Trio.ToThreadAsync(() => 1, limiter: limiter);
            var second = Assert.Throws<InvalidOperationException>(() => Trio.ToThreadAsync(() => 2, limiter: limiter));
#pragma warning restore CA2012
            Assert.Contains("waits on one thing at a time", second.Message);
            var result = await pending;
            return (result, limiter.BorrowedTokens);
        });

        Assert.Equal((1, 0), (first, borrowed));
    }

    [Fact]
    public void ToThreadAsync_AwaitedTwice_TheSecondAwaitThrows()
    {
        var (first, second) = VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // The point of the test: a value task awaited twice (its work is reused by the loop).
            var pending = Trio.ToThreadAsync(() => 1);
            var result = await pending;
            await Trio.ToThreadAsync(() => 2);
            var again = await Assert.ThrowsAsync<InvalidOperationException>(async () => await pending);
#pragma warning restore CA2012
            return (result, again.Message);
        });

        Assert.Equal(1, first);
        Assert.Contains("awaited only once", second);
    }

    [Fact]
    public void ToThreadAsync_WhileAnotherTaskKeepsTheLoopBusy_TheFunctionStillRunsAndReturns()
    {
        var checkpoints = 0;
        var result = 0;

        RealTimeGuard.Run(() => result = VirtualTime.Run(async () =>
        {
            var done = false;
            var value = 0;
            await Nursery.RunAsync(n =>
            {
                // The loop never idles while this task runs: a function kept back until the loop parks would never run.
                n.StartSoon(async () =>
                {
                    while (!done)
                    {
                        checkpoints++;
                        await Trio.Checkpoint();
                    }
                });
                n.StartSoon(async () =>
                {
                    value = await Trio.ToThreadAsync(() => 42);
                    done = true;
                });
                return Task.CompletedTask;
            });
            return value;
        }));

        Assert.Equal(42, result);
        Assert.True(checkpoints > 0);
    }

    [Fact]
    public void ToThreadAsync_Action_CompletesAfterTheActionRan()
    {
        var ran = 0;

        VirtualTime.Run(async () =>
        {
            await Trio.ToThreadAsync(() => Interlocked.Increment(ref ran));
            Assert.Equal(1, Volatile.Read(ref ran));
        });
    }

    [Fact]
    public void ToThreadAsync_CancelledWhileTheThreadRuns_WaitsForTheThreadAndReturnsItsResult()
    {
        using var release = new ManualResetEventSlim();
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var scope = new CancelScope();
            await scope.RunAsync(async s =>
            {
                await Nursery.RunAsync(n =>
                {
                    n.StartSoon(async () =>
                    {
                        var result = await Trio.ToThreadAsync(() =>
                        {
                            release.Wait();
                            return "thread's result";
                        });
                        log.Add(result);
                        await Trio.Checkpoint();
                        log.Add("not reached");
                    });
                    n.StartSoon(async () =>
                    {
                        await Trio.Checkpoint();
                        s.Cancel();
                        log.Add("cancelled");

                        // The worker still blocks: let it go only once the cancellation has had every chance to act.
                        await new CancelScope(shield: true).RunAsync(async () =>
                        {
                            await Trio.Checkpoint();
                            release.Set();
                        });
                    });
                    return Task.CompletedTask;
                });
            });
            Assert.True(scope.CancelledCaught);
        }));

        Assert.Equal(["cancelled", "thread's result"], log);
    }

    [Fact]
    public void ToThreadAsync_AbandonOnCancel_RaisesCancelledAtOnceWhileTheThreadStillRuns()
    {
        using var release = new ManualResetEventSlim();
        using var finished = new ManualResetEventSlim();
        var scope = CancelScope.WithTimeout(TimeSpan.FromSeconds(5));

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            // A positive threshold: the clock may jump although a task awaits the thread.
            ((VirtualClock)Trio.CurrentClock).AutojumpThreshold = TimeSpan.FromMilliseconds(1);
            await scope.RunAsync(async () => await Trio.ToThreadAsync(
                () =>
                {
                    release.Wait();
                    finished.Set();
                    return 1;
                },
                abandonOnCancel: true));
            Assert.Equal(5.0, VirtualTime.Now);
            Assert.False(finished.IsSet);
        }));

        Assert.True(scope.CancelledCaught);
        release.Set();
        Assert.True(finished.Wait(RealTimeGuard.Bound));
    }

    [Fact]
    public void ToThreadAsync_InACancelledScope_RaisesCancelledWithoutRunningTheFunction()
    {
        var ran = false;

        var scope = new CancelScope();
        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            await Trio.ToThreadAsync(() => ran = true);
        }));

        Assert.True(scope.CancelledCaught);
        Assert.False(ran);
    }

    [Fact]
    public void ToThreadAsync_WhileTheThreadRuns_TheVirtualClockDoesNotAutojump()
    {
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(10);
                    log.Add($"sleeper woke at {VirtualTime.Now}");
                });
                n.StartSoon(async () =>
                {
                    // Each round trip leaves the loop idle with the sleeper blocked: a loop that counted the thread's
                    // task as blocked would jump to the sleeper's deadline there.
                    await Trio.ToThreadAsync(() =>
                    {
                        for (var i = 0; i < 20; i++)
                        {
                            TrioToken.Current!.Invoke(() => 0);
                        }
                    });
                    log.Add($"thread done at {VirtualTime.Now}");
                });
                return Task.CompletedTask;
            });
        }));

        Assert.Equal(["thread done at 0", "sleeper woke at 10"], log);
    }

    [Fact]
    public void CurrentDefaultThreadLimiter_NewRun_HasFortyTokensAndIsTheSameWithinTheRun()
    {
        VirtualTime.Run(() =>
        {
            var limiter = Trio.CurrentDefaultThreadLimiter;
            Assert.Equal(40, limiter.TotalTokens);
            Assert.Same(limiter, Trio.CurrentDefaultThreadLimiter);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void ToThreadAsync_MoreCallsThanTheDefaultLimiterAllows_RunsAtMostFortyThreadsAtOnce()
    {
        const int Calls = 45;
        using var release = new ManualResetEventSlim();
        using var allowed = new CountdownEvent(40);
        var running = 0;
        var maxRunning = 0;
        var entered = 0;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var limiter = Trio.CurrentDefaultThreadLimiter;
            await Nursery.RunAsync(async n =>
            {
                for (var i = 0; i < Calls; i++)
                {
                    n.StartSoon(async () => await Trio.ToThreadAsync(() =>
                    {
                        var now = Interlocked.Increment(ref running);
                        InterlockedMax(ref maxRunning, now);
                        if (Interlocked.Increment(ref entered) <= 40)
                        {
                            allowed.Signal();
                        }

                        release.Wait();
                        Interlocked.Decrement(ref running);
                    }));
                }

                // Forty threads are in; the five other calls wait for a token, on the loop. (This wait takes its
                // thread under a limiter of its own: the default one has no token left.)
                await Trio.ToThreadAsync(() => allowed.Wait(), limiter: new CapacityLimiter(1));
                Assert.Equal(40, limiter.BorrowedTokens);
                Assert.Equal(5, limiter.Statistics.TasksWaiting);
                release.Set();
            });
            Assert.Equal(0, limiter.BorrowedTokens);
        }));

        Assert.Equal(40, maxRunning);
    }

    [Fact]
    public void ToThreadAsync_ManyBlockingFunctionsAtOnce_HoldAtMostOnePoolThreadPerCore()
    {
        const int Calls = 20;
        using var release = new ManualResetEventSlim();
        using var allIn = new CountdownEvent(Calls);
        var onPool = 0;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                for (var i = 0; i < Calls; i++)
                {
                    n.StartSoon(async () => await Trio.ToThreadAsync(() =>
                    {
                        if (Thread.CurrentThread.IsThreadPoolThread)
                        {
                            Interlocked.Increment(ref onPool);
                        }

                        allIn.Signal();
                        release.Wait();
                    }));
                }

                // Every function blocks at once; only then are they let go.
                await Trio.ToThreadAsync(() => allIn.Wait(), limiter: new CapacityLimiter(1));
                release.Set();
            });
        }));

        Assert.InRange(onPool, 0, Environment.ProcessorCount);
    }

    [Fact]
    public void ToThreadAsync_WithALimiterOfOne_RunsTheFunctionsOneAtATime()
    {
        var running = 0;
        var maxRunning = 0;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(1);
            await Nursery.RunAsync(n =>
            {
                for (var i = 0; i < 8; i++)
                {
                    n.StartSoon(async () => await Trio.ToThreadAsync(
                        () =>
                        {
                            InterlockedMax(ref maxRunning, Interlocked.Increment(ref running));
                            Thread.Yield();
                            Interlocked.Decrement(ref running);
                        },
                        limiter: limiter));
                }

                return Task.CompletedTask;
            });
        }));

        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public void TrioTokenRun_FromAWorkerThread_RunsOnTheLoopAndReturns()
    {
        var log = new List<string>();

        // A positive threshold: the clock may jump for the sleep although main awaits its thread.
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromMilliseconds(1) };
        var result = RealTimeGuard.RunWith(() => VirtualTime.Run(
            async () => await Trio.ToThreadAsync(() =>
            {
                var token = TrioToken.Current!;
                return token.Run(async () =>
                {
                    await Trio.Sleep(3);
                    log.Add($"on the loop at {VirtualTime.Now}");
                    return 7;
                });
            }),
            clock));

        Assert.Equal(7, result);
        Assert.Equal(["on the loop at 3"], log);
    }

    [Fact]
    public void TrioTokenRun_FromAWorkerWhoseTaskIsCancelled_TheCallbackIsCancelledToo()
    {
        Exception? seenByWorker = null;
        var scope = CancelScope.WithTimeout(TimeSpan.FromSeconds(2));

        // A positive threshold: the clock may jump to the deadline although the task awaits its thread.
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromMilliseconds(1) };
        RealTimeGuard.Run(() => VirtualTime.Run(() => scope.RunAsync(async () => await Trio.ToThreadAsync(() =>
        {
            try
            {
                // Runs under the starting task's scope: its 2 s deadline cancels this sleep.
                TrioToken.Current!.Run(() => Trio.SleepForever().AsTask());
            }
            catch (Cancelled e)
            {
                seenByWorker = e;
            }
        })), clock));

        Assert.IsType<Cancelled>(seenByWorker);

        // The worker caught it and returned normally; with no checkpoint after, the scope was cancelled but caught nothing.
        Assert.True(scope.CancelCalled);
        Assert.False(scope.CancelledCaught);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
