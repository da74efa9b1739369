namespace TrioSharp.Tests.Runtime;

public class NurseryStartTests
{
    [Fact]
    public void StartAsync_ChildSleepsThenStartsThenSleeps_ReturnsValueAtStartAndNurseryExitsAtEnd()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                var value = await n.StartAsync<double>(async status =>
                {
                    await Trio.Sleep(1);
                    status.Started(1.5);
                    await Trio.Sleep(1);
                });

                Assert.Equal(1.5, value);
                Assert.Equal(1.0, VirtualTime.Now);
                Assert.Equal(1, n.ChildCount);
            });

            Assert.Equal(2.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void StartAsync_StartedWithoutValue_ReturnsWhenStarted()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                await n.StartAsync(async status =>
                {
                    await Trio.Sleep(3);
                    status.Started();
                    await Trio.Sleep(3);
                });

                Assert.Equal(3.0, VirtualTime.Now);
            });

            Assert.Equal(6.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void StartStatusIgnored_FunctionCalledDirectly_RunsToCompletionAndStartedIsNoOp()
    {
        VirtualTime.Run(async () =>
        {
            await SleepStartSleep(StartStatus.Ignored<double>(), 3);

            Assert.Equal(6.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Started_CalledTwice_SecondCallThrowsInvalidOperationException()
    {
        Exception? second = null;

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await n.StartAsync(status =>
            {
                status.Started();
                second = Record.Exception(() => status.Started());
                return Task.CompletedTask;
            });
        }));

        var error = Assert.IsType<InvalidOperationException>(second);
        Assert.Contains("already called", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartAsync_ChildRaisesBeforeStarted_ErrorComesOutBareWithItsCause()
    {
        var cause = new KeyNotFoundException();
        var crash = new InvalidOperationException("before started", cause);

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () => await Trio.Sleep(2), "unaffected sibling");

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => n.StartAsync(async _ =>
            {
                await Trio.Sleep(1);
                throw crash;
            }));

            Assert.Same(crash, error);
            Assert.Same(cause, error.InnerException);
            Assert.Equal(1.0, VirtualTime.Now);
            Assert.False(n.CancelScope.CancelCalled);
        }));
    }

    [Fact]
    public void StartAsync_ChildReturnsWithoutStarted_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(
                () => n.StartAsync(async _ => await Trio.Sleep(1), "lazy"));

            Assert.Contains("task 'lazy'", error.Message, StringComparison.Ordinal);
            Assert.Contains("without calling StartStatus.Started()", error.Message, StringComparison.Ordinal);
        }));
    }

    [Fact]
    public void StartAsync_ChildRaisesAfterStarted_ErrorComesOutOfTheNursery()
    {
        var crash = new KeyNotFoundException();
        var returned = false;

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await n.StartAsync(async status =>
            {
                status.Started();
                await Trio.Sleep(1);
                throw crash;
            });
            returned = true;
        })));

        Assert.True(returned);
        TrioAssert.GroupOf(error, crash);
    }

    [Fact]
    public void StartAsync_CallerCancelledBeforeStarted_StartedIsNoOpAndStartRaisesCancelled()
    {
        var scope = new CancelScope();
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await scope.RunAsync(async cs =>
            {
                cs.Cancel();
                await n.StartAsync<string>(async status =>
                {
                    status.Started("hi");
                    log.Add("still running under the caller");
                    await Trio.Checkpoint();
                    log.Add("not reached");
                });
                log.Add("not reached either");
            });
            Assert.Equal(0, n.ChildCount);
        }));

        Assert.Equal(["still running under the caller"], log);
        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void StartAsync_CallerCancelledAndChildExitsWithoutCheckpoint_ReturnsNormally()
    {
        var scope = new CancelScope();
        string? value = null;

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await scope.RunAsync(async cs =>
            {
                cs.Cancel();
                value = await n.StartAsync<string>(status =>
                {
                    status.Started("hi");
                    return Task.CompletedTask;
                });
            });
        }));

        Assert.Equal("hi", value);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void StartAsync_CallerCancelledAndChildRaisesAfterNoOpStarted_ErrorComesOutOfStart()
    {
        var crash = new KeyNotFoundException();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await new CancelScope().RunAsync(async cs =>
            {
                cs.Cancel();
                var error = await TrioAssert.ThrowsAsync<KeyNotFoundException>(() => n.StartAsync(status =>
                {
                    status.Started();
                    throw crash;
                }));
                Assert.Same(crash, error);
            });
        }));
    }

    [Fact]
    public void StartAsync_ChildBeforeStarted_RunsUnderCallersDeadline()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            var scope = await Trio.MoveOnAfter(1, () => n.StartAsync(async status =>
            {
                await Trio.Sleep(5);
                status.Started();
            }));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(1.0, VirtualTime.Now);
            Assert.Equal(0, n.ChildCount);
        }));
    }

    [Fact]
    public void StartAsync_ChildAfterStarted_NoLongerUnderCallersDeadline()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                var scope = await Trio.MoveOnAfter(1, () => n.StartAsync(async status =>
                {
                    status.Started();
                    await Trio.Sleep(3);
                }));

                Assert.False(scope.CancelledCaught);
            });

            Assert.Equal(3.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void StartAsync_PendingStartsIntoNurseryWithNoChildren_KeepItOpenUntilTheyFinish()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async outer =>
        {
            await Nursery.RunAsync(async target =>
            {
                outer.StartSoon(() => target.StartAsync(status => SleepStartSleep(status, 2, 3)));
                await Trio.Sleep(1);
                outer.StartSoon(() => target.StartAsync(status => SleepStartSleep(status, 2, 3)));
            });

            Assert.Equal(6.0, VirtualTime.Now);
        }));
    }

    [Fact]
    public void StartAsync_PendingStartCrashesBeforeStarted_TargetExitsThenAndErrorComesOutOfStart()
    {
        Exception? startError = null;

        VirtualTime.Run(() => Nursery.RunAsync(async outer =>
        {
            await Nursery.RunAsync(async target =>
            {
                outer.StartSoon(async () =>
                {
                    startError = await TrioAssert.ThrowsAsync<KeyNotFoundException>(() => target.StartAsync(async _ =>
                    {
                        await Trio.Sleep(7);
                        throw new KeyNotFoundException();
                    }));
                });
                await Trio.Sleep(1);
            });

            Assert.Equal(7.0, VirtualTime.Now);
        }));

        Assert.NotNull(startError);
    }

    [Fact]
    public void Started_IntoTargetCancelledJustBefore_MovedSleepersAreCancelled()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                var target = await n.StartAsync<Nursery>(SetupNursery);
                await target.StartAsync(status => SleepingChildren(status, target.CancelScope.Cancel));
            });

            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Started_IntoTargetCancelledJustAfter_MovedSleepersAreCancelled()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                var target = await n.StartAsync<Nursery>(SetupNursery);
                await target.StartAsync(status => SleepingChildren(status, () => { }));
                target.CancelScope.Cancel();
            });

            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Started_CalledByAnotherTaskWhileChildBlocked_ChildMovedIntoCancelledTargetIsWokenAtOnce()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async helpers =>
        {
            var target = await helpers.StartAsync<Nursery>(SetupNursery);
            target.CancelScope.Cancel();

            await target.StartAsync(async status =>
            {
                helpers.StartSoon(() =>
                {
                    status.Started();
                    return Task.CompletedTask;
                });
                try
                {
                    await Trio.SleepForever();
                }
                catch (Cancelled)
                {
                    log.Add($"woken in the cancelled target at {VirtualTime.Now}");
                    throw;
                }
            });

            Assert.True(target.IsClosed);
        }));

        Assert.Equal(["woken in the cancelled target at 0"], log);
    }

    [Fact]
    public void Started_FromInsideAnInnerScope_MovesThatScopeUnderTheTarget()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await n.StartAsync(status => new CancelScope().RunAsync(async () =>
            {
                status.Started();
                try
                {
                    await Trio.SleepForever();
                }
                catch (Cancelled)
                {
                    log.Add($"cancelled with the target at {VirtualTime.Now}");
                    throw;
                }
            }));
            await Trio.Sleep(2);
            n.CancelScope.Cancel();
        }));

        Assert.Equal(["cancelled with the target at 2"], log);
    }

    private static async Task SleepStartSleep(StartStatus<double> status, double seconds)
    {
        await Trio.Sleep(seconds);
        status.Started(seconds);
        await Trio.Sleep(seconds);
    }

    private static async Task SleepStartSleep(StartStatus status, double before, double after)
    {
        await Trio.Sleep(before);
        status.Started();
        await Trio.Sleep(after);
    }

    private static Task SetupNursery(StartStatus<Nursery> status) => Nursery.RunAsync(async n =>
    {
        status.Started(n);
        await Trio.SleepForever();
    });

    private static Task SleepingChildren(StartStatus status, Action beforeStarted) => Nursery.RunAsync(async n =>
    {
        n.StartSoon(async () => await Trio.SleepForever());
        n.StartSoon(async () => await Trio.SleepForever());
        await Trio.WaitAllTasksBlocked();
        beforeStarted();
        status.Started();
    });
}
