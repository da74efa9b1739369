namespace TrioSharp.Tests.Cancellation;

public class CancelScopeTests
{
    [Fact]
    public void Cancel_InsideScope_RaisesNothingAtTheCallAndTheNextCheckpointRaises()
    {
        var log = new List<string>();
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            log.Add("after cancel");
            try
            {
                await Trio.Checkpoint();
            }
            catch (Cancelled)
            {
                log.Add("checkpoint raised");
                throw;
            }
        }));

        Assert.Equal(["after cancel", "checkpoint raised"], log);
        Assert.True(scope.CancelCalled);
        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Cancel_AfterTheLastCheckpoint_CalledButNotCaught()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            await Trio.Checkpoint();
            s.Cancel();
        }));

        Assert.True(scope.CancelCalled);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Cancel_CalledTwice_IsIdempotent()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            s.Cancel();
            await Trio.Checkpoint();
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Checkpoint_InCancelledScopeCaughtEachTime_RaisesEveryTime()
    {
        var raised = 0;
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            for (var i = 0; i < 3; i++)
            {
                try
                {
                    await Trio.Checkpoint();
                }
                catch (Cancelled)
                {
                    raised++;
                }
            }
        }));

        Assert.Equal(3, raised);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void CheckpointIfCancelled_NotCancelled_NeitherRaisesNorYields()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() =>
            {
                log.Add("child");
                return Task.CompletedTask;
            });
            Trio.CheckpointIfCancelled();
            log.Add("parent");
            return Task.CompletedTask;
        }));

        Assert.Equal(["parent", "child"], log);
    }

    [Fact]
    public void CheckpointIfCancelled_Cancelled_Raises()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(s =>
        {
            s.Cancel();
            Trio.CheckpointIfCancelled();
            return Task.CompletedTask;
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Checkpoint_CancelledByAnotherTaskDuringItsSchedulePoint_Raises()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => Nursery.RunAsync(n => scope.RunAsync(async () =>
        {
            n.StartSoon(() =>
            {
                scope.Cancel();
                return Task.CompletedTask;
            });
            await Trio.Checkpoint();
        })));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Exit_PendingCancellationNeverDelivered_VanishesWithTheScope()
    {
        var scope = new CancelScope();

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(s =>
            {
                s.Cancel();
                return Task.CompletedTask;
            });
            await Trio.Checkpoint();
        });

        Assert.True(scope.CancelCalled);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Exit_InnerAndMiddleCancelled_OutermostCancelledScopeCatches()
    {
        var s1 = new CancelScope();
        var s2 = new CancelScope();
        var s3 = new CancelScope();

        VirtualTime.Run(() => s1.RunAsync(() => s2.RunAsync(() => s3.RunAsync(async () =>
        {
            s3.Cancel();
            s2.Cancel();
            await Trio.Checkpoint();
        }))));

        Assert.True(s3.CancelCalled);
        Assert.False(s3.CancelledCaught);
        Assert.True(s2.CancelledCaught);
        Assert.False(s1.CancelCalled);
        Assert.False(s1.CancelledCaught);
    }

    [Fact]
    public void Shield_OuterCancelled_CheckpointsInsideDoNotRaise()
    {
        var inner = new CancelScope(shield: true);
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            outer.Cancel();
            await inner.RunAsync(async () =>
            {
                await Trio.Checkpoint();
                await Trio.Sleep(1);
            });
            Assert.Equal(1.0, VirtualTime.Now);
            await Trio.Checkpoint();
        }));

        Assert.False(inner.CancelledCaught);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void Shield_ShieldedScopeCancelsItself_StillRaises()
    {
        var inner = new CancelScope(shield: true);

        VirtualTime.Run(() => new CancelScope().RunAsync(async outer =>
        {
            outer.Cancel();
            await inner.RunAsync(async s =>
            {
                s.Cancel();
                await Trio.Checkpoint();
            });
        }));

        Assert.True(inner.CancelledCaught);
    }

    [Fact]
    public void Shield_ScopeNestedInsideShieldCancelled_StillRaises()
    {
        var nested = new CancelScope();

        VirtualTime.Run(() => new CancelScope().RunAsync(async outer =>
        {
            outer.Cancel();
            await new CancelScope(shield: true).RunAsync(() => nested.RunAsync(async s =>
            {
                s.Cancel();
                await Trio.Checkpoint();
            }));
        }));

        Assert.True(nested.CancelledCaught);
    }

    [Fact]
    public void Shield_TurnedOffWhileOuterCancelled_NextCheckpointRaisesAndOuterCatches()
    {
        var inner = new CancelScope(shield: true);
        var outer = new CancelScope();
        var log = new List<string>();

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            outer.Cancel();
            await inner.RunAsync(async s =>
            {
                await Trio.Checkpoint();
                log.Add("shielded checkpoint passed");
                s.Shield = false;
                await Trio.Checkpoint();
                log.Add("not reached");
            });
        }));

        Assert.Equal(["shielded checkpoint passed"], log);
        Assert.False(inner.CancelledCaught);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void Shield_TurnedOffWhileChildBlockedAndOuterCancelled_WakesChildAtOnce()
    {
        var inner = new CancelScope(shield: true);
        Nursery? nursery = null;

        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(async n =>
            {
                nursery = n;
                n.StartSoon(() => inner.RunAsync(async () => await Trio.Sleep(100)));
                await Trio.WaitAllTasksBlocked();
                n.CancelScope.Cancel();
                Assert.Equal(1, Trio.CurrentStatistics().TasksBlocked);

                inner.Shield = false;

                Assert.Equal(0, Trio.CurrentStatistics().TasksBlocked);
            });

            Assert.Equal(0.0, VirtualTime.Now);
        });

        Assert.False(inner.CancelledCaught);
        Assert.True(nursery!.CancelScope.CancelledCaught);
    }

    [Fact]
    public void Shield_SetWhileCancellationPropagatesThroughInner_OuterStillCatches()
    {
        var outer = new CancelScope();
        var inner = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(() => inner.RunAsync(async () =>
        {
            try
            {
                outer.Cancel();
                await Trio.Checkpoint();
            }
            finally
            {
                inner.Shield = true;
            }
        })));

        Assert.True(outer.CancelledCaught);
        Assert.False(inner.CancelledCaught);
    }

    [Fact]
    public void Deadline_ExpiresInsideScope_InterruptsSleepForever()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(1));

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(async () => await Trio.SleepForever());
            Assert.Equal(1.0, VirtualTime.Now);
        });

        Assert.True(scope.CancelCalled);
        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Deadline_MovedIntoThePastInsideScope_NextCheckpointRaises()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(10));

        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(2);
            await scope.RunAsync(async s =>
            {
                s.Deadline = TimeSpan.FromSeconds(1);
                Assert.True(s.CancelCalled);
                await Trio.Checkpoint();
            });
            Assert.Equal(2.0, VirtualTime.Now);
        });

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Deadline_MovedLaterInsideScope_FiresAtTheNewDeadline()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(1));

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(async s =>
            {
                s.Deadline = TimeSpan.FromSeconds(4);
                await Trio.SleepForever();
            });
            Assert.Equal(4.0, VirtualTime.Now);
        });

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Deadline_RemovedInsideScope_NeverFires()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(1));

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(async s =>
            {
                s.Deadline = TimeSpan.MaxValue;
                await Trio.Sleep(5);
            });
            Assert.Equal(5.0, VirtualTime.Now);
        });

        Assert.False(scope.CancelCalled);
    }

    [Fact]
    public void Deadline_PassesAfterScopeExited_HasNoEffect()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(1));

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(() => Task.CompletedTask);
            await Trio.Sleep(5);
        });

        Assert.False(scope.CancelCalled);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Deadline_ClockJumpedPastIt_NextCheckpointRaises()
    {
        var clock = new VirtualClock();
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(5));

        VirtualTime.Run(
            async () =>
            {
                await scope.RunAsync(async () =>
                {
                    clock.Jump(10);
                    await Trio.Checkpoint();
                });
                Assert.Equal(10.0, VirtualTime.Now);
            },
            clock);

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_DeadlineAlreadyDueAtEntry_CancelledBeforeTheFirstCheckpoint()
    {
        var log = new List<string>();
        var scope = CancelScope.WithDeadline(TimeSpan.Zero);

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            log.Add($"entered, cancel called: {s.CancelCalled}");
            await Trio.Checkpoint();
            log.Add("not reached");
        }));

        Assert.Equal(["entered, cancel called: True"], log);
        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_NegativeAbsoluteDeadline_IsAllowedAndCancelsAtOnce()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(-5));

        VirtualTime.Run(() => scope.RunAsync(async () => await Trio.SleepForever()));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Cancel_BeforeEntryInAnotherTask_FirstCheckpointInsideRaises()
    {
        var scope = new CancelScope();
        scope.Cancel();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() => scope.RunAsync(async () => await Trio.Checkpoint()));
            return Task.CompletedTask;
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Cancel_FromAnotherTaskAfterEntry_WakesTheSleeper()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(() => scope.RunAsync(async () => await Trio.SleepForever()));
            await Trio.WaitAllTasksBlocked();
            scope.Cancel();
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Shield_SetBeforeEntry_IsHonoured()
    {
        var inner = new CancelScope { Shield = true };

        VirtualTime.Run(() => new CancelScope().RunAsync(async outer =>
        {
            outer.Cancel();
            await inner.RunAsync(async () => await Trio.Sleep(1));
            Assert.Equal(1.0, VirtualTime.Now);
        }));

        Assert.True(inner.Shield);
        Assert.False(inner.CancelCalled);
    }

    [Fact]
    public void RunAsync_SecondUseAfterExit_ThrowsInvalidOperationException()
    {
        var scope = new CancelScope();

        VirtualTime.Run(async () =>
        {
            await scope.RunAsync(() => Task.CompletedTask);

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => scope.RunAsync(() => Task.CompletedTask));

            Assert.Contains("may be entered only once", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RunAsync_NestedInsideItself_ThrowsInvalidOperationException()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async () =>
            await TrioAssert.ThrowsAsync<InvalidOperationException>(() => scope.RunAsync(() => Task.CompletedTask))));
    }

    [Fact]
    public void RunAsync_WhileAnotherTaskHasItActive_ThrowsInvalidOperationException()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(() => scope.RunAsync(async () => await Trio.Sleep(1)));
            await Trio.WaitAllTasksBlocked();

            await TrioAssert.ThrowsAsync<InvalidOperationException>(() => scope.RunAsync(() => Task.CompletedTask));
        }));
    }

    [Fact]
    public void Deadline_UnenteredScopeMovedIntoThePast_CancelCalledWithoutACheckpoint()
    {
        VirtualTime.Run(async () =>
        {
            var scope = CancelScope.WithDeadline(Trio.CurrentTime + TimeSpan.FromSeconds(1));
            Assert.False(scope.CancelCalled);

            scope.Deadline -= TimeSpan.FromSeconds(1);
            Assert.True(scope.CancelCalled);

            scope.Deadline += TimeSpan.FromSeconds(1);
            Assert.True(scope.CancelCalled);
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void Deadline_ActiveScopeMovedIntoThePastAndBack_StaysCancelled()
    {
        VirtualTime.Run(() => CancelScope.WithDeadline(TimeSpan.FromSeconds(1)).RunAsync(s =>
        {
            s.Deadline -= TimeSpan.FromSeconds(1);
            Assert.True(s.CancelCalled);

            s.Deadline += TimeSpan.FromSeconds(1);
            Assert.True(s.CancelCalled);
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void CurrentEffectiveDeadline_NestedScopes_IsTheMinimumStoppingAtShields()
    {
        static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

        VirtualTime.Run(async () =>
        {
            Assert.Equal(TimeSpan.MaxValue, Trio.CurrentEffectiveDeadline);
            await CancelScope.WithDeadline(Seconds(5)).RunAsync(async scope1 =>
            {
                await CancelScope.WithDeadline(Seconds(10)).RunAsync(scope2 =>
                {
                    Assert.Equal(Seconds(5), Trio.CurrentEffectiveDeadline);
                    scope2.Deadline = Seconds(3);
                    Assert.Equal(Seconds(3), Trio.CurrentEffectiveDeadline);
                    scope2.Deadline = Seconds(10);
                    Assert.Equal(Seconds(5), Trio.CurrentEffectiveDeadline);
                    scope2.Shield = true;
                    Assert.Equal(Seconds(10), Trio.CurrentEffectiveDeadline);
                    scope2.Shield = false;
                    Assert.Equal(Seconds(5), Trio.CurrentEffectiveDeadline);
                    scope1.Cancel();
                    Assert.Equal(TimeSpan.MinValue, Trio.CurrentEffectiveDeadline);
                    scope2.Shield = true;
                    Assert.Equal(Seconds(10), Trio.CurrentEffectiveDeadline);
                    return Task.CompletedTask;
                });
                Assert.Equal(TimeSpan.MinValue, Trio.CurrentEffectiveDeadline);
            });
            Assert.Equal(TimeSpan.MaxValue, Trio.CurrentEffectiveDeadline);
        });
    }

    [Fact]
    public void RelativeDeadline_Negative_ThrowsArgumentOutOfRangeException()
    {
        var scope = new CancelScope();

        Assert.Throws<ArgumentOutOfRangeException>(() => scope.RelativeDeadline = TimeSpan.FromSeconds(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => CancelScope.WithTimeout(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void RelativeDeadline_UnenteredRelativeScope_ReportsTimeoutAndHasNoAbsoluteDeadline()
    {
        var scope = CancelScope.WithTimeout(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), scope.RelativeDeadline);
        Assert.Throws<InvalidOperationException>(() => scope.Deadline);
        Assert.Throws<InvalidOperationException>(() => scope.Deadline = TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void RelativeDeadline_UnenteredAbsoluteScope_IsNull()
    {
        Assert.Null(CancelScope.WithDeadline(TimeSpan.FromSeconds(5)).RelativeDeadline);
        Assert.Null(new CancelScope().RelativeDeadline);
    }

    [Fact]
    public void RunAsync_RelativeScopeEnteredAfterAJump_DeadlineCountsFromEntry()
    {
        var clock = new VirtualClock();
        var scope = CancelScope.WithTimeout(TimeSpan.FromSeconds(5));

        VirtualTime.Run(
            () =>
            {
                clock.Jump(3);
                return scope.RunAsync(s =>
                {
                    Assert.Equal(TimeSpan.FromSeconds(8), s.Deadline);
                    Assert.Equal(TimeSpan.FromSeconds(5), s.RelativeDeadline);
                    return Task.CompletedTask;
                });
            },
            clock);
    }

    [Fact]
    public void RelativeDeadline_SetInsideScope_MovesDeadlineToNowPlusIt()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(2);
            await new CancelScope().RunAsync(async s =>
            {
                Assert.Equal(TimeSpan.MaxValue, s.RelativeDeadline);

                s.RelativeDeadline = TimeSpan.FromSeconds(4);

                Assert.Equal(TimeSpan.FromSeconds(6), s.Deadline);
                await Trio.SleepForever();
            });
            Assert.Equal(6.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void RelativeDeadline_SetToNullInsideScope_RemovesTheDeadline()
    {
        VirtualTime.Run(async () =>
        {
            await CancelScope.WithTimeout(TimeSpan.FromSeconds(1)).RunAsync(async s =>
            {
                s.RelativeDeadline = null;
                Assert.Equal(TimeSpan.MaxValue, s.Deadline);
                await Trio.Sleep(3);
            });
            Assert.Equal(3.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void RelativeDeadline_SetBeforeEntry_AppliesFromEntry()
    {
        var scope = new CancelScope { RelativeDeadline = TimeSpan.FromSeconds(2) };

        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1);
            await scope.RunAsync(async () => await Trio.SleepForever());
            Assert.Equal(3.0, VirtualTime.Now);
        });

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Exit_InnerScopeStillOpen_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
            var inner = new CancelScope();

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => new CancelScope().RunAsync(() =>
            {
                _ = inner.RunAsync(() => new TaskCompletionSource().Task);
                return Task.CompletedTask;
            }));

            Assert.Contains("exited out of order", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Exit_CancelledScopeBodyRaisesGroupOfOtherErrors_GroupPassesUnchanged()
    {
        var group = new ExceptionGroup([new InvalidOperationException(), new InvalidOperationException()]);
        var scope = new CancelScope();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => scope.RunAsync(s =>
        {
            s.Cancel();
            throw group;
        })));

        Assert.Same(group, error);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Exit_CancelledScopeBodyRaisesOtherError_ErrorPassesAndScopeCatchesNothing()
    {
        var crash = new KeyNotFoundException();
        var scope = new CancelScope();

        var error = Assert.Throws<KeyNotFoundException>(() => VirtualTime.Run(() => scope.RunAsync(s =>
        {
            s.Cancel();
            throw crash;
        })));

        Assert.Same(crash, error);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void Exit_UncancelledScopeSeesCancelled_LetsItPass()
    {
        var inner = new CancelScope();
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(() => inner.RunAsync(async () =>
        {
            outer.Cancel();
            await Trio.Checkpoint();
        })));

        Assert.False(inner.CancelledCaught);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void RunAsync_NullBody_ThrowsArgumentNullException()
    {
        VirtualTime.Run(async () =>
        {
            await TrioAssert.ThrowsAsync<ArgumentNullException>(() => new CancelScope().RunAsync((Func<Task>)null!));
            await TrioAssert.ThrowsAsync<ArgumentNullException>(() => new CancelScope().RunAsync((Func<CancelScope, Task>)null!));
        });
    }

    [Fact]
    public void Cancelled_IsAnOperationCanceledException()
    {
        Exception? caught = null;

        VirtualTime.Run(() => new CancelScope().RunAsync(async s =>
        {
            s.Cancel();
            try
            {
                await Trio.Checkpoint();
            }
            catch (OperationCanceledException e)
            {
                caught = e;
            }
        }));

        Assert.IsType<Cancelled>(caught);
        Assert.Contains("cancel scope", caught!.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Deadline_PassedByAJumpRightAfterATimerWake_CancelsAtTheNextCheckpoint()
    {
        var clock = new VirtualClock();
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(6));

        VirtualTime.Run(
            async () =>
            {
                // Resumed by its timer: the task runs while the loop is still firing due deadlines.
                await Trio.Sleep(1);
                await scope.RunAsync(async () =>
                {
                    clock.Jump(TimeSpan.FromSeconds(10));
                    await Trio.Checkpoint();
                });
            },
            clock);

        Assert.True(scope.CancelCalled);
        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void RelativeDeadline_SetOnAnUnenteredScopeWithAnAbsoluteDeadline_ThrowsAndKeepsTheDeadline()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(10));

        var error = Assert.Throws<InvalidOperationException>(() => scope.RelativeDeadline = TimeSpan.FromSeconds(5));

        Assert.Contains("absolute deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), scope.Deadline);
        Assert.Null(scope.RelativeDeadline);
    }

    [Fact]
    public void RelativeDeadline_ClearedOnAnUnenteredScopeWithAnAbsoluteDeadline_KeepsTheDeadline()
    {
        var scope = CancelScope.WithDeadline(TimeSpan.FromSeconds(10));

        scope.RelativeDeadline = null;

        Assert.Equal(TimeSpan.FromSeconds(10), scope.Deadline);
    }

    [Fact]
    public void CancelCalled_ReadAfterAJumpPastTheDeadline_ReportsTrueWithoutCancellingTheToken()
    {
        var clock = new VirtualClock();
        var (before, called, tokenFired) = VirtualTime.Run(
            async () =>
            {
                var scope = CancelScope.WithTimeout(TimeSpan.FromSeconds(5));
                var result = (true, false, true);
                await scope.RunAsync(async () =>
                {
                    var token = scope.Token;
                    result.Item1 = scope.CancelCalled;
                    clock.Jump(10);

                    // Due but not yet fired: the getter says so, and changes nothing (the token stays quiet until the timer fires).
                    result.Item2 = scope.CancelCalled;
                    result.Item3 = token.IsCancellationRequested;
                    await Trio.Checkpoint();
                });
                return result;
            },
            clock);

        Assert.False(before);
        Assert.True(called);
        Assert.False(tokenFired);
    }
}
