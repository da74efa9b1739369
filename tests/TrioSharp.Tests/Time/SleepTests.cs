namespace TrioSharp.Tests.Time;

public class SleepTests
{
    [Fact]
    public void CurrentTime_AtStartOfRun_IsZero()
    {
        var start = VirtualTime.Run(() => Task.FromResult(Trio.CurrentTime));

        Assert.Equal(TimeSpan.Zero, start);
    }

    [Fact]
    public void Sleep_Seconds_AdvancesVirtualTimeByExactlyThatMuch()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1.5);
            Assert.Equal(1.5, VirtualTime.Now);

            await Trio.Sleep(TimeSpan.FromMilliseconds(250));
            Assert.Equal(1.75, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_IncreasingDurations_EachAdvancesExactlyAndTotalIs450()
    {
        VirtualTime.Run(async () =>
        {
            for (var i = 1; i < 10; i++)
            {
                var before = VirtualTime.Now;
                await Trio.Sleep(10 * i);
                Assert.Equal(before + (10 * i), VirtualTime.Now);
            }

            Assert.Equal(450.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_Zero_IsACheckpointThatLetsOthersRun()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(() =>
            {
                log.Add("child");
                return Task.CompletedTask;
            });
            await Trio.Sleep(0);
            log.Add("parent");
        }));

        Assert.Equal(["child", "parent"], log);
    }

    [Fact]
    public void Sleep_ZeroInsideMoveOnAtNow_RaisesCancelled()
    {
        var scope = VirtualTime.Run(() => Trio.MoveOnAt(Trio.CurrentTime, async () => await Trio.Sleep(0)));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Sleep_InsideCancelledScope_RaisesWithoutTimePassing()
    {
        VirtualTime.Run(async () =>
        {
            var scope = new CancelScope();
            await scope.RunAsync(async s =>
            {
                s.Cancel();
                await Trio.Sleep(10);
            });

            Assert.True(scope.CancelledCaught);
            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void SleepUntil_PastDeadline_CheckpointsWithoutTimePassing()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            await Trio.Sleep(2);
            n.StartSoon(() =>
            {
                log.Add("child");
                return Task.CompletedTask;
            });

            await Trio.SleepUntil(TimeSpan.FromSeconds(1));

            log.Add($"parent at {VirtualTime.Now}");
        }));

        Assert.Equal(["child", "parent at 2"], log);
    }

    [Fact]
    public void SleepUntil_FutureDeadline_WakesExactlyThen()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1);
            await Trio.SleepUntil(TimeSpan.FromSeconds(3.5));

            Assert.Equal(3.5, VirtualTime.Now);
        });
    }

    [Fact]
    public void SleepUntil_NegativeDeadline_IsAPlainCheckpoint()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.SleepUntil(TimeSpan.FromSeconds(-3));

            Assert.Equal(0.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void SleepForever_DeadlineAround_EndsOnlyThroughCancellation()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(5, async () => await Trio.SleepForever());

            Assert.True(scope.CancelledCaught);
            Assert.Equal(5.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_InfiniteSeconds_SleepsUntilCancelled()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(3, async () => await Trio.Sleep(double.PositiveInfinity));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(3.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_MaxTimeSpan_SleepsUntilCancelled()
    {
        VirtualTime.Run(async () =>
        {
            await Trio.Sleep(1);
            var scope = await Trio.MoveOnAfter(3, async () => await Trio.Sleep(TimeSpan.MaxValue));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(4.0, VirtualTime.Now);
        });
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Sleep_InvalidSeconds_ThrowsArgumentOutOfRangeAtTheCall(double seconds)
    {
        VirtualTime.Run(async () =>
        {
            var error = TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.Sleep(seconds));

            Assert.Equal("seconds", error.ParamName);
            Assert.Contains("zero or positive", error.Message, StringComparison.Ordinal);
            await Trio.Sleep(1);
            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    [Fact]
    public void Sleep_NegativeTimeSpan_ThrowsArgumentOutOfRangeAtTheCall()
    {
        VirtualTime.Run(async () =>
        {
            var error = TrioAssert.ThrowsAtCall<ArgumentOutOfRangeException>(() => Trio.Sleep(TimeSpan.FromSeconds(-1)));

            Assert.Equal("duration", error.ParamName);
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void Sleep_TwoSleepersDueAtTheSameInstant_WakeInRegistrationOrder()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            foreach (var name in new[] { "first", "second", "third" })
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1);
                    log.Add(name);
                });
            }

            return Task.CompletedTask;
        }));

        Assert.Equal(["first", "second", "third"], log);
    }

    [Fact]
    public void Sleep_EarlierDeadlineRegisteredLater_WakesFirst()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                await Trio.Sleep(2);
                log.Add($"long at {VirtualTime.Now}");
            });
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                log.Add($"short at {VirtualTime.Now}");
            });
            return Task.CompletedTask;
        }));

        Assert.Equal(["short at 1", "long at 2"], log);
    }

    [Fact]
    public void Sleep_SleepersDueTogether_AllResumeBeforeWorkTheFirstOneQueued()
    {
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                log.Add("first sleeper");
                n.StartSoon(() =>
                {
                    log.Add("child of first sleeper");
                    return Task.CompletedTask;
                });
            });
            n.StartSoon(async () =>
            {
                await Trio.Sleep(1);
                log.Add("second sleeper");
            });
            return Task.CompletedTask;
        }));

        Assert.Equal(["first sleeper", "second sleeper", "child of first sleeper"], log);
    }

    [Fact]
    public void Sleep_CancelledEarly_ItsOldTimerNeverWakesTheTaskLater()
    {
        VirtualTime.Run(async () =>
        {
            var scope = await Trio.MoveOnAfter(1, async () => await Trio.Sleep(5));
            Assert.True(scope.CancelledCaught);

            await Trio.Sleep(10);

            Assert.Equal(11.0, VirtualTime.Now);
        });
    }
}
