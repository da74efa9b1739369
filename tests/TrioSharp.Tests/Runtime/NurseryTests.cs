namespace TrioSharp.Tests.Runtime;

public class NurseryTests
{
    [Fact]
    public void RunAsync_ChildrenSleepOneAndTwoSeconds_ReturnsWhenLastChildExitsAtTwo()
    {
        var log = new List<string>();

        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () => await Trio.Sleep(1));
                n.StartSoon(async () => await Trio.Sleep(2));
                log.Add($"body done at {VirtualTime.Now}");
                return Task.CompletedTask;
            });
            log.Add($"nursery done at {VirtualTime.Now}");
        });

        Assert.Equal(["body done at 0", "nursery done at 2"], log);
    }

    [Fact]
    public void StartSoon_ParentAppendsTwiceAfterSpawning_ChildRunsAfterParent()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() =>
            {
                log.Add("child");
                return Task.CompletedTask;
            });
            log.Add("parent");
            log.Add("parent");
            return Task.CompletedTask;
        }));

        Assert.Equal(["parent", "parent", "child"], log);
    }

    [Fact]
    public void RunAsync_ChildCrashes_LooperAndBlockedBodyAreCancelled()
    {
        var log = new List<string>();
        var crash = new InvalidOperationException("crash");

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () =>
            {
                try
                {
                    while (true)
                    {
                        await Trio.Checkpoint();
                    }
                }
                catch (Cancelled)
                {
                    log.Add($"looper cancelled at {VirtualTime.Now}");
                    throw;
                }
            });
            n.StartSoon(async () =>
            {
                await Trio.Checkpoint();
                throw crash;
            });
            try
            {
                await Trio.SleepForever();
            }
            catch (Cancelled)
            {
                log.Add($"body cancelled at {VirtualTime.Now}");
                throw;
            }
        })));

        TrioAssert.GroupOf(error, crash);
        Assert.Equal(["looper cancelled at 0", "body cancelled at 0"], log);
    }

    [Fact]
    public void RunAsync_OneChildRaises_ThrowsGroupWithExactlyThatError()
    {
        var crash = new KeyNotFoundException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() => throw crash);
            return Task.CompletedTask;
        })));

        TrioAssert.GroupOf(error, crash);
    }

    [Fact]
    public void RunAsync_BodyRaises_ThrowsGroupWithBodyError()
    {
        var crash = new KeyNotFoundException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(async _ =>
        {
            await Trio.Checkpoint();
            throw crash;
        })));

        TrioAssert.GroupOf(error, crash);
    }

    [Fact]
    public void RunAsync_BodyThrowsSynchronously_ThrowsGroupWithBodyError()
    {
        var crash = new KeyNotFoundException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(_ => throw crash)));

        TrioAssert.GroupOf(error, crash);
    }

    [Fact]
    public void RunAsync_BodyAndChildBothRaise_GroupHoldsBothInOrder()
    {
        var childError = new KeyNotFoundException();
        var bodyError = new InvalidOperationException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() => throw childError);
            throw bodyError;
        })));

        TrioAssert.GroupOf(error, bodyError, childError);
    }

    [Fact]
    public void RunAsync_TwoChildrenRaiseInOneBatch_GroupHoldsBothInOrder()
    {
        var first = new KeyNotFoundException();
        var second = new ArgumentException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() => throw first);
            n.StartSoon(() => throw second);
            return Task.CompletedTask;
        })));

        TrioAssert.GroupOf(error, first, second);
        Assert.StartsWith("2 errors from a TrioSharp nursery: KeyNotFoundException: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_SiblingOfCrasherCancelled_NurseryScopeCatchesAndGroupHoldsOnlyTheCrash()
    {
        var crash = new KeyNotFoundException();
        Nursery? nursery = null;

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            nursery = n;
            n.StartSoon(async () => await Trio.SleepForever());
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                throw crash;
            });
            return Task.CompletedTask;
        })));

        TrioAssert.GroupOf(error, crash);
        Assert.True(nursery!.CancelScope.CancelCalled);
        Assert.True(nursery.CancelScope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_OuterCancelledWithCancelledChildrenAndCrasher_OuterStripsTheCancellations()
    {
        var crash = new KeyNotFoundException();
        ExceptionGroup? seenInside = null;
        var outer = new CancelScope();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            try
            {
                await Nursery.RunAsync(async n =>
                {
                    n.StartSoon(async () => await Trio.SleepForever());
                    n.StartSoon(async () => await Trio.SleepForever());
                    n.CancelScope.Cancel();
                    await new CancelScope(shield: true).RunAsync(async () => await Trio.WaitAllTasksBlocked());
                    n.StartSoon(async () => await Trio.SleepForever());
                    outer.Cancel();
                    n.StartSoon(() => throw crash);
                });
            }
            catch (ExceptionGroup group)
            {
                seenInside = group;
                throw;
            }
        })));

        Assert.Equal(4, seenInside!.InnerExceptions.Count);
        Assert.Equal(3, seenInside.InnerExceptions.Count(e => e is Cancelled));
        Assert.Contains(crash, seenInside.InnerExceptions);
        TrioAssert.GroupOf(error, crash);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void RunAsync_OnlyOuterCancellationsRemain_ThrowsOneCancelledThatOuterCatches()
    {
        Exception? seenInside = null;
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            try
            {
                await Nursery.RunAsync(async n =>
                {
                    n.StartSoon(async () => await Trio.SleepForever());
                    n.StartSoon(async () => await Trio.SleepForever());
                    await Trio.Sleep(1);
                    outer.Cancel();
                    await Trio.Checkpoint();
                });
            }
            catch (Exception e)
            {
                seenInside = e;
                throw;
            }
        }));

        Assert.IsType<Cancelled>(seenInside);
        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void RunAsync_InnerNurseryFails_OuterGroupNestsInnerGroup()
    {
        var crash = new KeyNotFoundException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(() => Nursery.RunAsync(inner =>
            {
                inner.StartSoon(() => throw crash);
                return Task.CompletedTask;
            }));
            return Task.CompletedTask;
        })));

        var nested = Assert.IsType<ExceptionGroup>(Assert.Single(error.InnerExceptions));
        TrioAssert.GroupOf(nested, crash);
        Assert.True(error.Contains<KeyNotFoundException>());
        Assert.False(error.Contains<ArgumentException>());
    }

    [Fact]
    public void StartSoon_IntoCancelledNursery_ChildRunsUntilItsFirstCheckpoint()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.CancelScope.Cancel();
            n.StartSoon(async () =>
            {
                log.Add("started");
                await Trio.Checkpoint();
                log.Add("not reached");
            });
            return Task.CompletedTask;
        }));

        Assert.Equal(["started"], log);
    }

    [Fact]
    public void CancelScopeCancel_NestedNurseries_ReachesEveryLeaf()
    {
        var cancelledLeaves = new List<string>();

        async Task Leaf(string name)
        {
            try
            {
                await Trio.SleepForever();
            }
            catch (Cancelled)
            {
                cancelledLeaves.Add(name);
            }
        }

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            foreach (var worker in new[] { "w1", "w2" })
            {
                n.StartSoon(() => Nursery.RunAsync(inner =>
                {
                    inner.StartSoon(() => Leaf(worker + "-l1"));
                    inner.StartSoon(() => Leaf(worker + "-l2"));
                    return Task.CompletedTask;
                }));
            }

            n.CancelScope.Cancel();
            return Task.CompletedTask;
        }));

        Assert.Equal(["w1-l1", "w1-l2", "w2-l1", "w2-l2"], cancelledLeaves);
    }

    [Fact]
    public void StartSoon_ByChildWhileParentWaitsToExit_IsAcceptedAndWaitedFor()
    {
        VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1);
                    n.StartSoon(async () => await Trio.Sleep(1));
                });
                return Task.CompletedTask;
            });

            Assert.Equal(2.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void StartSoon_AfterNurseryClosed_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
            Nursery? escaped = null;
            await Nursery.RunAsync(n =>
            {
                escaped = n;
                return Task.CompletedTask;
            });

            var error = Assert.Throws<InvalidOperationException>(() => escaped!.StartSoon(() => Task.CompletedTask));

            Assert.Contains("closed to new arrivals", error.Message, StringComparison.Ordinal);
            Assert.True(escaped!.IsClosed);
            Assert.Equal(0, escaped.ChildCount);
        });
    }

    [Fact]
    public void StartAsync_AfterNurseryClosed_ThrowsAtOnceWithoutTimePassing()
    {
        VirtualTime.Run(async () =>
        {
            Nursery? escaped = null;
            await Nursery.RunAsync(n =>
            {
                escaped = n;
                return Task.CompletedTask;
            });
            var ran = false;

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => escaped!.StartAsync(status =>
            {
                ran = true;
                status.Started();
                return Task.CompletedTask;
            }));

            Assert.Contains("closed to new arrivals", error.Message, StringComparison.Ordinal);
            Assert.False(ran);
            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void RunAsync_EmptyNurseryInCancelledScope_RaisesNothingAndScopeCatchesNothing()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            await Nursery.RunAsync(_ => Task.CompletedTask);
        }));

        Assert.True(scope.CancelCalled);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_NoChildren_ExitIsStillASchedulePoint()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async outer =>
        {
            outer.StartSoon(() =>
            {
                log.Add("other task");
                return Task.CompletedTask;
            });

            await Nursery.RunAsync(_ => Task.CompletedTask);

            log.Add("after the empty nursery");
        }));

        Assert.Equal(["other task", "after the empty nursery"], log);
    }

    [Fact]
    public void StartSoon_IntoEmptyNurseryDuringItsExitSchedulePoint_IsWaitedFor()
    {
        // Unlike Trio, an empty nursery stays open through its exit's schedule point: a child started then is
        // waited for instead of failing, so a scheduler filling its running level never hits a closed nursery.
        var record = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async outer =>
        {
            Nursery? empty = null;
            outer.StartSoon(() =>
            {
                empty!.StartSoon(async () =>
                {
                    await Trio.Sleep(1);
                    record.Add($"late child done at {VirtualTime.Now}");
                });
                return Task.CompletedTask;
            });

            await Nursery.RunAsync(n =>
            {
                empty = n;
                return Task.CompletedTask;
            });
            record.Add($"nursery exited at {VirtualTime.Now}");
        }));

        Assert.Equal(["late child done at 1", "nursery exited at 1"], record);
    }

    [Fact]
    public void RunAsync_ChildNeverCheckpointsInCancelledScope_RaisesNothing()
    {
        var scope = new CancelScope();
        var ran = false;

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() =>
                {
                    ran = true;
                    return Task.CompletedTask;
                });
                return Task.CompletedTask;
            });
        }));

        Assert.True(ran);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_BodyRaisesInCancelledScope_GroupOfBodyErrorPassesTheScope()
    {
        var crash = new KeyNotFoundException();
        var scope = new CancelScope();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
            await Nursery.RunAsync(_ => throw crash);
        })));

        TrioAssert.GroupOf(error, crash);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void RunAsync_BodyRaises_ChildrenAreCancelled()
    {
        var log = new List<string>();
        var crash = new KeyNotFoundException();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            for (var i = 0; i < 2; i++)
            {
                n.StartSoon(async () =>
                {
                    try
                    {
                        await Trio.SleepForever();
                    }
                    catch (Cancelled)
                    {
                        log.Add("child cancelled");
                        throw;
                    }
                });
            }

            await Trio.WaitAllTasksBlocked();
            throw crash;
        })));

        TrioAssert.GroupOf(error, crash);
        Assert.Equal(["child cancelled", "child cancelled"], log);
    }

    [Fact]
    public void RunAsync_BodyReturnsValue_ReturnsItAfterChildren()
    {
        var result = VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () => await Trio.Sleep(3));
            return Task.FromResult("done");
        }));

        Assert.Equal("done", result);
    }

    [Fact]
    public void ChildCount_WhileChildrenRun_CountsThemAndDropsAsTheyExit()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () => await Trio.Sleep(1));
            n.StartSoon(async () => await Trio.Sleep(2));
            Assert.Equal(2, n.ChildCount);
            Assert.False(n.IsClosed);

            await Trio.Sleep(1.5);

            Assert.Equal(1, n.ChildCount);
        }));
    }

    [Fact]
    public void RunAsync_LastChildExits_ParentResumesBeforeAnotherSleeperDueAtTheSameInstant()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(outer =>
        {
            outer.StartSoon(async () =>
            {
                await Nursery.RunAsync(inner =>
                {
                    inner.StartSoon(async () =>
                    {
                        await Trio.Sleep(1);
                        log.Add("inner child done");
                    });
                    return Task.CompletedTask;
                });
                log.Add("inner nursery done");
            });
            outer.StartSoon(async () =>
            {
                // One checkpoint, so this sleep is registered after the inner child's (same deadline, later tie).
                await Trio.Checkpoint();
                await Trio.Sleep(1);
                log.Add("other sleeper done");
            });
            return Task.CompletedTask;
        }));

        Assert.Equal(["inner child done", "inner nursery done", "other sleeper done"], log);
    }

    [Fact]
    public void RunAsync_ChildThrowsForeignOperationCanceled_IsAnErrorThatCancelsSiblings()
    {
        using var foreign = new CancellationTokenSource();
        foreign.Cancel();
        var log = new List<string>();

        var error = Assert.Throws<ExceptionGroup>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                try
                {
                    await Trio.SleepForever();
                }
                catch (Cancelled)
                {
                    log.Add("sibling cancelled");
                    throw;
                }
            });
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                foreign.Token.ThrowIfCancellationRequested();
            });
            return Task.CompletedTask;
        })));

        var member = Assert.IsType<OperationCanceledException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(foreign.Token, member.CancellationToken);
        Assert.Equal(["sibling cancelled"], log);
    }

    [Fact]
    public void RunAsync_NullArguments_ThrowArgumentNullException()
    {
        VirtualTime.Run(async () =>
        {
            await TrioAssert.ThrowsAsync<ArgumentNullException>(() => Nursery.RunAsync(null!));
            await TrioAssert.ThrowsAsync<ArgumentNullException>(() => Nursery.RunAsync<int>(null!));
            await Nursery.RunAsync(async n =>
            {
                Assert.Throws<ArgumentNullException>(() => n.StartSoon(null!));
                await TrioAssert.ThrowsAsync<ArgumentNullException>(() => n.StartAsync(null!));
                await TrioAssert.ThrowsAsync<ArgumentNullException>(() => n.StartAsync<int>(null!));
            });
        });
    }
}
