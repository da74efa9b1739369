namespace TrioSharp.Tests.Time;

public class TimeoutTests
{
    [Fact]
    public void MoveOnAfter_NothingHappens_ReturnsAfterExactlyTheTimeoutWithCancelledCaught()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(10, async () => await Trio.SleepForever());

            Assert.Equal(10.0, VirtualTime.Now);
            Assert.True(scope.CancelCalled);
            Assert.True(scope.CancelledCaught);
        });
    }

    [Fact]
    public void MoveOnAfter_BodyFinishesFirst_ReturnsThenWithNothingCaught()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(TimeSpan.FromSeconds(10), async () => await Trio.Sleep(4));

            Assert.Equal(4.0, VirtualTime.Now);
            Assert.False(scope.CancelCalled);
            Assert.False(scope.CancelledCaught);
            Assert.Equal(TimeSpan.FromSeconds(10), scope.Deadline);
        });
    }

    [Fact]
    public void MoveOnAfter_Zero_FirstCheckpointRaises()
    {
        var log = new List<string>();

        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(0, async () =>
            {
                log.Add("entered");
                await Trio.Checkpoint();
                log.Add("not reached");
            });
            Assert.True(scope.CancelledCaught);
        });

        Assert.Equal(["entered"], log);
    }

    [Fact]
    public void MoveOnAfter_NestedWithShorterOuter_OuterDeadlineWinsAndOuterCatches()
    {
        VirtualTime.Run(async () =>
        {
            CancelScope? inner = null;
            var outer = await Trio.MoveOnAfter(2, async () =>
                inner = await Trio.MoveOnAfter(5, async () => await Trio.SleepForever()));

            Assert.Equal(2.0, VirtualTime.Now);
            Assert.True(outer.CancelledCaught);
            Assert.Null(inner);
        });
    }

    [Fact]
    public void MoveOnAfter_InfiniteSeconds_HasNoDeadline()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(double.PositiveInfinity, async () => await Trio.Sleep(5));

            Assert.False(scope.CancelCalled);
            Assert.Equal(TimeSpan.MaxValue, scope.Deadline);
        });
    }

    [Fact]
    public void MoveOnAt_DeadlineIsNow_FirstCheckpointRaises()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(3);
            var scope = await Trio.MoveOnAt(Trio.CurrentTime, async () => await Trio.Checkpoint());

            Assert.True(scope.CancelledCaught);
            Assert.Equal(3.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void MoveOnAt_NegativeDeadline_IsAllowedAndCancelsAtOnce()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAt(TimeSpan.FromSeconds(-1), async () => await Trio.Sleep(1));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void FailAfter_DeadlineCancelsBody_ThrowsTooSlowAtTheDeadline()
    {
        VirtualTime.Run(async () =>
        {
            await TrioAssert.ThrowsAsync<TooSlowException>(() => Trio.FailAfter(2, async () => await Trio.SleepForever()));

            Assert.Equal(2.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void FailAfterOfT_SecondsBodyFinishesInTime_ReturnsItsResult()
    {
        var (result, at) = VirtualTime.Run(async () =>
        {
            var result = await Trio.FailAfter(2.5, async () =>
            {
                await Trio.Sleep(1);
                return "done";
            });
            return (result, VirtualTime.Now);
        });

        Assert.Equal(("done", 1.0), (result, at));
    }

    [Fact]
    public void FailAfterOfT_SecondsDeadlineCancelsBody_ThrowsTooSlowAtTheDeadline()
    {
        var at = VirtualTime.Run(async () =>
        {
            await TrioAssert.ThrowsAsync<TooSlowException>(() => Trio.FailAfter(2.5, async () =>
            {
                await Trio.SleepForever();
                return 0;
            }));
            return VirtualTime.Now;
        });

        Assert.Equal(2.5, at);
    }

    [Fact]
    public void FailAtOfT_DeadlineCancelsBody_ThrowsTooSlowAtTheDeadline()
    {
        var at = VirtualTime.Run(async () =>
        {
            await TrioAssert.ThrowsAsync<TooSlowException>(() => Trio.FailAt(TimeSpan.FromSeconds(4), async () =>
            {
                await Trio.SleepForever();
                return 0;
            }));
            return VirtualTime.Now;
        });

        Assert.Equal(4.0, at);
    }

    [Fact]
    public void FailAtOfT_BodyFinishesInTime_ReturnsItsResult()
    {
        var result = VirtualTime.Run(() => Trio.FailAt(TimeSpan.FromSeconds(4), () => Task.FromResult(9)));

        Assert.Equal(9, result);
    }

    [Fact]
    public void FailAfter_BodyFinishesBeforeDeadline_Returns()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.FailAfter(TimeSpan.FromSeconds(2), async () => await Trio.Sleep(1));

            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void FailAfter_DeadlinePassesWithoutACheckpoint_Returns()
    {
        var clock = new VirtualClock();

        VirtualTime.Run(
            () => Trio.FailAfter(1, () =>
            {
                clock.Jump(5);
                return Task.CompletedTask;
            }),
            clock);
    }

    [Fact]
    public void FailAfter_OuterScopeCancelled_CancelledReachesOuterWithoutTooSlow()
    {
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(() => Trio.FailAfter(10, async () =>
        {
            outer.Cancel();
            await Trio.Checkpoint();
        })));

        Assert.True(outer.CancelledCaught);
    }

    [Fact]
    public void FailAfterOfT_BodyFinishesInTime_ReturnsItsValue()
    {
        var result = VirtualTime.Run(() => Trio.FailAfter(TimeSpan.FromSeconds(3), async () =>
        {
            await Trio.Sleep(1);
            return "value";
        }));

        Assert.Equal("value", result);
    }

    [Fact]
    public void FailAfterOfT_DeadlineCancelsBody_ThrowsTooSlow()
    {
        Assert.Throws<TooSlowException>(() => VirtualTime.Run(() => Trio.FailAfter(TimeSpan.FromSeconds(3), async () =>
        {
            await Trio.SleepForever();
            return "value";
        })));
    }

    [Fact]
    public void FailAt_FutureDeadline_ThrowsTooSlowThen()
    {
        VirtualTime.Run(async () =>
        {
            var error = await TrioAssert.ThrowsAsync<TooSlowException>(
                () => Trio.FailAt(TimeSpan.FromSeconds(4), async () => await Trio.SleepForever()));

            Assert.Equal(4.0, VirtualTime.Now);
            Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void FailAt_PastDeadline_ThrowsTooSlowAtTheFirstCheckpoint()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1);

            await TrioAssert.ThrowsAsync<TooSlowException>(() => Trio.FailAt(TimeSpan.Zero, async () => await Trio.Checkpoint()));

            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void MoveOnAfter_ShieldedAndOuterCancelled_KeepsSleepingUntilItsTimeout()
    {
        var outer = new CancelScope();
        CancelScope? timeout = null;

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            outer.Cancel();
            timeout = await Trio.MoveOnAfter(3, async () => await Trio.SleepForever(), shield: true);
            Assert.Equal(3.0, VirtualTime.Now);
        }));

        Assert.True(timeout!.CancelledCaught);
        Assert.True(timeout.Shield);
    }

    [Fact]
    public void FailAfter_ShieldedAndOuterCancelled_ThrowsTooSlowAtItsTimeout()
    {
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            outer.Cancel();
            await TrioAssert.ThrowsAsync<TooSlowException>(
                () => Trio.FailAfter(3, async () => await Trio.SleepForever(), shield: true));
            Assert.Equal(3.0, VirtualTime.Now);
        }));

        Assert.False(outer.CancelledCaught);
    }

    [Fact]
    public void WithTimeout_ShieldTurnedOffInsideWhileOuterCancelled_NextCheckpointRaisesToOuter()
    {
        var outer = new CancelScope();

        VirtualTime.Run(() => outer.RunAsync(async () =>
        {
            outer.Cancel();
            await CancelScope.WithTimeout(TimeSpan.FromSeconds(3), shield: true).RunAsync(async s =>
            {
                await Trio.Checkpoint();
                s.Shield = false;
                await Trio.Checkpoint();
            });
        }));

        Assert.True(outer.CancelledCaught);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void MoveOnAfterAndFailAfter_InvalidSeconds_ThrowArgumentOutOfRangeAtTheCall(double seconds)
    {
        VirtualTime.Run(async () =>
        {
            TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.MoveOnAfter(seconds, () => Task.CompletedTask));
            TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.FailAfter(seconds, () => Task.CompletedTask));
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void MoveOnAfterAndFailAfter_NegativeTimeSpan_ThrowArgumentOutOfRangeAtTheCall()
    {
        var negative = TimeSpan.FromSeconds(-1);

        VirtualTime.Run(async () =>
        {
            TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.MoveOnAfter(negative, () => Task.CompletedTask));
            TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.FailAfter(negative, () => Task.CompletedTask));
            TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.FailAfter(negative, () => Task.FromResult(1)));
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void MoveOnAndFail_NullBody_ThrowArgumentNullExceptionAtTheCall()
    {
        VirtualTime.Run(async () =>
        {
            TrioAssert.ThrowsAtCall<ArgumentNullException>(() => Trio.MoveOnAfter(1, null!));
            TrioAssert.ThrowsAtCall<ArgumentNullException>(() => Trio.MoveOnAt(TimeSpan.Zero, null!));
            TrioAssert.ThrowsAtCall<ArgumentNullException>(() => Trio.FailAfter(1, null!));
            TrioAssert.ThrowsAtCall<ArgumentNullException>(() => Trio.FailAt(TimeSpan.Zero, null!));
            TrioAssert.ThrowsAtCall<ArgumentNullException>(() => Trio.FailAfter<int>(TimeSpan.FromSeconds(1), null!));
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void TooSlowException_Constructors_KeepMessageAndInner()
    {
        var inner = new InvalidOperationException();

        Assert.Contains("deadline", new TooSlowException().Message, StringComparison.Ordinal);
        Assert.Equal("m", new TooSlowException("m").Message);
        Assert.Same(inner, new TooSlowException("m", inner).InnerException);
        Assert.IsAssignableFrom<TimeoutException>(new TooSlowException());
    }
}
