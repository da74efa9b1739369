namespace TrioSharp.Tests.Runtime;

public class RunLoopTests
{
    private static readonly AsyncLocal<string?> s_ambient = new();

    [Fact]
    public void Run_MainReturnsValue_ReturnsIt()
    {
        var result = VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1);
            return 42;
        });

        Assert.Equal(42, result);
    }

    [Fact]
    public void Run_MainThrows_PropagatesTheSameException()
    {
        var error = new InvalidOperationException("boom");

        var thrown = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(async () =>
        {
            await Trio.Checkpoint();
            throw error;
        }));

        Assert.Same(error, thrown);
    }

    [Fact]
    public void Run_NullMain_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Trio.Run(null!));
        Assert.Throws<ArgumentNullException>(() => Trio.Run<int>(null!));
    }

    [Fact]
    public void Run_NoOptions_RunsOnSystemClock()
    {
        var clock = Trio.Run(() => Task.FromResult(Trio.CurrentClock));

        Assert.IsType<SystemClock>(clock);
    }

    [Fact]
    public void Run_CalledInsideRunningRun_ThrowsAndOuterLoopKeepsWorking()
    {
        VirtualTime.Run(async () =>
        {
            var error = Assert.Throws<InvalidOperationException>(() => Trio.Run(() => Task.CompletedTask));
            Assert.Contains("inside a running Trio.Run", error.Message, StringComparison.Ordinal);

            await Trio.Sleep(1);
            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Run_FromThreadPoolInsideATask_RunsAnIndependentLoop()
    {
        VirtualTime.Run(async () =>
        {
            var inner = await Task.Run(() => VirtualTime.Run(async () =>
            {
                await Trio.Sleep(7);
                return VirtualTime.Now;
            }));

            Assert.Equal(7.0, inner);
            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Run_Finished_RestoresCallersSynchronizationContext()
    {
        var original = new SynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(original);
        try
        {
            VirtualTime.Run(async () =>
            {
                Assert.NotSame(original, SynchronizationContext.Current);
                await Trio.Checkpoint();
            });

            Assert.Same(original, SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    [Fact]
    public void Run_TaskAwaitsThreadPoolWork_ResumesOnLoopThread()
    {
        VirtualTime.Run(async () =>
        {
            // "On the loop": the loop's thread under Trio.Run, the thread its strand runs on under Trio.RunAsync.
            var loop = Runner.Current;
            var loopOnPool = await Task.Run(() => Runner.Current);

            Assert.Null(loopOnPool);
            Assert.Same(loop, Runner.Current);
            await Trio.Sleep(1);
            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Run_TaskAwaitsTaskYield_ResumesOnLoopThread()
    {
        VirtualTime.Run(async () =>
        {
            var loop = Runner.Current;
            await Task.Yield();

            Assert.Same(loop, Runner.Current);
            await Trio.Sleep(2);
            Assert.Equal(2.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_AsyncLocalSetInTask_FlowsAcrossTheWait()
    {
        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                s_ambient.Value = "a";
                await Trio.Sleep(1);
                Assert.Equal("a", s_ambient.Value);
            });
            n.StartSoon(async () =>
            {
                s_ambient.Value = "b";
                await Trio.Checkpoint();
                await Trio.Sleep(1);
                Assert.Equal("b", s_ambient.Value);
            });
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void Checkpoint_TwoLoopingTasks_AlternateInLockstep()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            foreach (var name in new[] { "A", "B" })
            {
                n.StartSoon(async () =>
                {
                    for (var i = 0; i < 3; i++)
                    {
                        log.Add(name + i);
                        await Trio.Checkpoint();
                    }
                });
            }

            return Task.CompletedTask;
        }));

        Assert.Equal(["A0", "B0", "A1", "B1", "A2", "B2"], log);
    }

    [Fact]
    public void StartSoon_ThreeChildren_StartInFifoOrder()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            foreach (var name in new[] { "a", "b", "c" })
            {
                n.StartSoon(() =>
                {
                    log.Add(name);
                    return Task.CompletedTask;
                });
            }

            return Task.CompletedTask;
        }));

        Assert.Equal(["a", "b", "c"], log);
    }

    [Fact]
    public void Run_SameProgramTwice_ProducesTheSameInterleaving()
    {
        var first = InterleavedProgram();
        var second = InterleavedProgram();

        Assert.Equal(24, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void CurrentStatistics_OneSleeperAndMain_CountsLivingBlockedAndNextDeadline()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () => await Trio.Sleep(5));
            await Trio.Checkpoint();

            var stats = Trio.CurrentStatistics();

            Assert.Equal(2, stats.TasksLiving);
            Assert.Equal(0, stats.TasksRunnable);
            Assert.Equal(1, stats.TasksBlocked);
            Assert.Equal(TimeSpan.FromSeconds(5), stats.TimeToNextDeadline);
        }));
    }

    [Fact]
    public void CurrentStatistics_NoDeadline_ReportsMaxValue()
    {
        VirtualTime.Run(async () =>
        {
            var stats = Trio.CurrentStatistics();

            Assert.Equal(1, stats.TasksLiving);
            Assert.Equal(TimeSpan.MaxValue, stats.TimeToNextDeadline);
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void Cancel_BlockedTask_BecomesRunnableBeforeCancellerCheckpoints()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () => await Trio.SleepForever());
            await Trio.WaitAllTasksBlocked();
            Assert.Equal(0, Trio.CurrentStatistics().TasksRunnable);

            n.CancelScope.Cancel();

            Assert.Equal(1, Trio.CurrentStatistics().TasksRunnable);
        }));
    }

    [Fact]
    public void Run_TaskAwaitsOutsideWorkWhileADeadlineIsPending_LoopBlocksInsteadOfSpinning()
    {
        var idleWaits = -1L;

        RealTimeGuard.Run(() => VirtualTime.Run(async () =>
        {
            var runner = Runner.Current!;
            var before = runner.IdleWaits;
            var scope = await Trio.MoveOnAfter(3, () => Task.Run(async () => await Task.Delay(100)));
            idleWaits = runner.IdleWaits - before;

            Assert.False(scope.CancelledCaught);
            Assert.Equal(0.0, VirtualTime.Now);
        }));

        // One wait that ends when the outside work posts back (none if it was already back); a spinning loop
        // would count thousands in 100 ms.
        Assert.InRange(idleWaits, 0, 3);
    }

    [Fact]
    public async Task Post_ToTaskContextAfterRunFinished_IsDropped()
    {
        SynchronizationContext? context = null;
        VirtualTime.Run(() =>
        {
            context = SynchronizationContext.Current;
            return Task.CompletedTask;
        });
        var ran = false;

        await Task.Run(() => context!.Post(_ => ran = true, null)).WaitAsync(RealTimeGuard.Bound);

        Assert.False(ran);
    }

    [Fact]
    public void Send_OnLoopThread_RunsInline()
    {
        VirtualTime.Run(async () =>
        {
            var context = SynchronizationContext.Current!;
            var ran = false;

            context.Send(_ => ran = true, null);

            Assert.True(ran);
            Assert.Same(context, context.CreateCopy());
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void Send_FromAnotherThread_ThrowsNotSupportedException()
    {
        VirtualTime.Run(async () =>
        {
            var context = SynchronizationContext.Current!;

            await TrioAssert.ThrowsAsync<NotSupportedException>(() => Task.Run(() => context.Send(_ => { }, null)));
        });
    }

    [Fact]
    public void Checkpoint_AwaitedTwice_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // Holding the wait is the point: it is awaited a second time below.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            await wait;

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(async () => await wait);

            Assert.Contains("already been awaited", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Checkpoint_StartedWhileAnotherWaitIsPending_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // Holding the first wait is the point: a second one is started while it is pending.
            var first = Trio.Checkpoint();
#pragma warning restore CA2012

            var error = TrioAssert.ThrowsAtCall<InvalidOperationException>(() => Trio.Checkpoint());

            Assert.Contains("waits on one thing at a time", error.Message, StringComparison.Ordinal);
            await first;
        });
    }

    private static List<string> InterleavedProgram()
    {
        var log = new List<string>();
        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            for (var id = 0; id < 4; id++)
            {
                var me = id;
                n.StartSoon(async () =>
                {
                    for (var step = 0; step < 6; step++)
                    {
                        log.Add($"{me}.{step}@{VirtualTime.Now}");
                        if ((me + step) % 3 == 0)
                        {
                            await Trio.Checkpoint();
                        }
                        else
                        {
                            await Trio.Sleep(0.5 * ((me + step) % 4));
                        }
                    }
                });
            }

            return Task.CompletedTask;
        }));
        return log;
    }
}
