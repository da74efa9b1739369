using System.Diagnostics;

namespace TrioSharp.Tests.Time;

public class VirtualClockTests
{
    private static readonly DateTimeOffset Epoch2000 = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_Default_RateZeroAutojumpOnTimeZero()
    {
        var clock = new VirtualClock();

        Assert.Equal(0.0, clock.Rate);
        Assert.Equal(TimeSpan.Zero, clock.AutojumpThreshold);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.Equal(Epoch2000, clock.GetUtcNow());
    }

    [Fact]
    public void Jump_OnePointTwoSeconds_ReadsOnePointTwo()
    {
        var clock = new VirtualClock();

        clock.Jump(1.2);

        Assert.Equal(1.2, clock.Elapsed.TotalSeconds);
        Assert.Equal(Epoch2000 + TimeSpan.FromSeconds(1.2), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1.2), clock.GetElapsedTime(0));
    }

    [Fact]
    public void Jump_Backwards_ThrowsArgumentOutOfRangeException()
    {
        var clock = new VirtualClock();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.Jump(TimeSpan.FromSeconds(-1)));
        Assert.Contains("can't go backwards", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Jump(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Jump(double.NaN));
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rate_Invalid_ThrowsArgumentOutOfRangeException(double rate)
    {
        var clock = new VirtualClock();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Rate = rate);
        Assert.Equal(0.0, clock.Rate);
    }

    [Fact]
    public void AutojumpThreshold_Negative_ThrowsArgumentOutOfRangeException()
    {
        var clock = new VirtualClock();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AutojumpThreshold = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public void Rate_Changed_KeepsTheCurrentReadingAndThenAdvancesAtThatRate()
    {
        var clock = new VirtualClock();
        clock.Jump(1.2);
        var real = Stopwatch.StartNew();

        clock.Rate = 2;
        var moving = clock.Elapsed;
        clock.Rate = 0;
        real.Stop();
        var frozen = clock.Elapsed;

        Assert.InRange(moving.TotalSeconds, 1.2, 1.2 + (2 * real.Elapsed.TotalSeconds));
        Assert.InRange(frozen.TotalSeconds, moving.TotalSeconds, 1.2 + (2 * real.Elapsed.TotalSeconds));
        Assert.Equal(frozen, clock.Elapsed);
    }

    [Fact]
    public void GetUtcNow_ClockWithAnEpoch_StartsAtTheEpoch()
    {
        var epoch = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var clock = new VirtualClock(epoch);

        clock.Jump(3);

        Assert.Equal(epoch.AddSeconds(3), clock.GetUtcNow());
        Assert.Equal(TimeSpan.TicksPerSecond, clock.TimestampFrequency);
        Assert.Equal(3 * TimeSpan.TicksPerSecond, clock.GetTimestamp());
    }

    [Fact]
    public void CurrentClock_InsideRun_IsTheClockPassedIn()
    {
        var clock = new VirtualClock();

        VirtualTime.Run(
            async () =>
            {
                var other = new VirtualClock();
                Assert.Same(clock, Trio.CurrentClock);
                await Trio.Checkpoint();
                Assert.Same(clock, Trio.CurrentClock);
                Assert.NotSame(other, Trio.CurrentClock);
            },
            clock);
    }

    [Fact]
    public void Run_ClockAlreadyDrivingAnotherRun_ThrowsAndLeavesTheThreadUsable()
    {
        var clock = new VirtualClock();

        VirtualTime.Run(
            async () =>
            {
                var (refused, laterRunEnd) = await Task.Run(() =>
                {
                    var error = Record.Exception(() => VirtualTime.Run(() => Task.CompletedTask, clock));
                    var end = VirtualTime.Run(async () =>
                    {
                        await Trio.Sleep(2);
                        return VirtualTime.Now;
                    });
                    return (error, end);
                });

                var invalid = Assert.IsType<InvalidOperationException>(refused);
                Assert.Contains("already drives a running loop", invalid.Message, StringComparison.Ordinal);
                Assert.Equal(2.0, laterRunEnd);
                await Trio.Sleep(1);
                Assert.Equal(1.0, VirtualTime.Now);
            },
            clock);
    }

    [Fact]
    public void Run_ClockReusedAfterAnEarlierRun_ContinuesFromItsReading()
    {
        var clock = new VirtualClock();
        VirtualTime.Run(async () => await Trio.Sleep(5), clock);

        var end = VirtualTime.Run(
            async () =>
            {
                await Trio.Sleep(1);
                return VirtualTime.Now;
            },
            clock);

        Assert.Equal(6.0, end);
    }

    [Fact]
    public void Sleep_AutojumpOffAndClockJumpedManually_SleeperHasFinishedOnceAllBlocked()
    {
        var clock = new VirtualClock { AutojumpThreshold = null };
        var log = new List<string>();

        VirtualTime.Run(
            () => Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(5);
                    log.Add($"slept until {VirtualTime.Now}");
                });
                await Trio.WaitAllTasksBlocked();
                Assert.Empty(log);

                clock.Jump(10);
                await Trio.WaitAllTasksBlocked();

                Assert.Equal(["slept until 10"], log);
            }),
            clock);
    }

    [Fact]
    public void AutojumpThreshold_OnAClockNotDrivingTheRun_HasNoEffect()
    {
        var clock = new VirtualClock { AutojumpThreshold = null };
        var log = new List<string>();

        VirtualTime.Run(
            () => Nursery.RunAsync(async n =>
            {
                var bystander = new VirtualClock { AutojumpThreshold = TimeSpan.Zero };
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1);
                    log.Add("woke");
                });
                await Trio.WaitAllTasksBlocked();
                Assert.Equal(0.0, VirtualTime.Now);
                Assert.Empty(log);
                Assert.NotSame(bystander, Trio.CurrentClock);

                clock.Jump(1);
            }),
            clock);

        Assert.Equal(["woke"], log);
    }

    [Fact]
    public void AutojumpThreshold_ChangedToZeroFromAnotherThreadWhileIdle_TakesEffect()
    {
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromHours(1) };

        RealTimeGuard.Run(() => VirtualTime.Run(
            async () =>
            {
                _ = Task.Run(() => clock.AutojumpThreshold = TimeSpan.Zero);
                await Trio.Sleep(5);
                Assert.Equal(5.0, VirtualTime.Now);
            },
            clock));
    }

    [Fact]
    public void AutojumpThreshold_ChangedFromAnotherThreadJustBeforeTheLoopWaits_TakesEffect()
    {
        var clock = new VirtualClock { AutojumpThreshold = null };

        SleepFiveWhileAnotherThreadActsJustBeforeTheLoopWaits(clock, () => clock.AutojumpThreshold = TimeSpan.Zero);
    }

    [Fact]
    public void Jump_FromAnotherThreadJustBeforeTheLoopWaits_WakesTheSleeper()
    {
        var clock = new VirtualClock { AutojumpThreshold = null };

        SleepFiveWhileAnotherThreadActsJustBeforeTheLoopWaits(clock, () => clock.Jump(5));
    }

    [Fact]
    public void AutojumpThreshold_Positive_JumpsAfterThatMuchIdleRealTime()
    {
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromMilliseconds(5) };

        RealTimeGuard.Run(() => VirtualTime.Run(
            async () =>
            {
                await Trio.Sleep(5);
                Assert.Equal(5.0, VirtualTime.Now);
            },
            clock));
    }

    [Fact]
    public void AutojumpThreshold_PositiveWhileATaskAwaitsOutsideWork_JumpsAnyway()
    {
        var clock = new VirtualClock { AutojumpThreshold = TimeSpan.FromMilliseconds(5) };
        var log = new List<string>();

        RealTimeGuard.Run(() => VirtualTime.Run(
            () => Nursery.RunAsync(n =>
            {
                var gate = new TaskCompletionSource();
                n.StartSoon(async () =>
                {
                    await gate.Task;
                    log.Add($"gate opened at {VirtualTime.Now}");
                });
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1);
                    gate.SetResult();
                });
                return Task.CompletedTask;
            }),
            clock));

        Assert.Equal(["gate opened at 1"], log);
    }

    [Fact]
    public void AutojumpThreshold_ZeroWithRateAboveZero_StillJumpsWhenAllBlocked()
    {
        var clock = new VirtualClock { Rate = 1e-6 };

        RealTimeGuard.Run(() => VirtualTime.Run(
            async () =>
            {
                await Trio.Sleep(100);
                Assert.InRange(VirtualTime.Now, 100.0, 101.0);
            },
            clock));
    }

    [Fact]
    public void Sleep_RateAboveZeroAndAutojumpOff_WakesAsTheClockRuns()
    {
        var clock = new VirtualClock { Rate = 1000, AutojumpThreshold = null };

        RealTimeGuard.Run(() => VirtualTime.Run(
            async () =>
            {
                await Trio.Sleep(10);
                Assert.True(VirtualTime.Now >= 10.0);
            },
            clock));
    }

    [Fact]
    public void CreateTimer_DueInTwoSeconds_FiresOnTheLoopAtTwo()
    {
        var firedAt = new List<double>();
        var clock = new VirtualClock();

        VirtualTime.Run(
            async () =>
            {
                using var timer = clock.CreateTimer(_ => firedAt.Add(VirtualTime.Now), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
                await Trio.Sleep(3);
            },
            clock);

        Assert.Equal([2.0], firedAt);
    }

    [Fact]
    public void CreateTimer_Periodic_FiresEveryPeriod()
    {
        var firedAt = new List<double>();
        var clock = new VirtualClock();

        VirtualTime.Run(
            async () =>
            {
                using var timer = clock.CreateTimer(_ => firedAt.Add(VirtualTime.Now), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                await Trio.Sleep(3.5);
            },
            clock);

        Assert.Equal([1.0, 2.0, 3.0], firedAt);
    }

    [Fact]
    public void CreateTimer_Changed_FiresAtTheNewDueTimeOnly()
    {
        var firedAt = new List<double>();
        var clock = new VirtualClock();

        VirtualTime.Run(
            async () =>
            {
                using var timer = clock.CreateTimer(_ => firedAt.Add(VirtualTime.Now), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                Assert.True(timer.Change(TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan));
                await Trio.Sleep(5);
            },
            clock);

        Assert.Equal([4.0], firedAt);
    }

    [Fact]
    public async Task CreateTimer_Disposed_NeverFiresAndCannotChange()
    {
        var fired = 0;
        var clock = new VirtualClock();
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        await timer.DisposeAsync();
        clock.Jump(5);

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void CreateTimer_NegativeDueTime_ThrowsArgumentOutOfRangeException()
    {
        var clock = new VirtualClock();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-1), Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentNullException>(() => clock.CreateTimer(null!, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Jump_NoRunAttached_FiresTimersItPasses()
    {
        var fired = new List<string>();
        var clock = new VirtualClock();
        using var early = clock.CreateTimer(s => fired.Add((string)s!), "early", TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var late = clock.CreateTimer(s => fired.Add((string)s!), "late", TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Jump(2);

        Assert.Equal(["early"], fired);
    }

    [Fact]
    public void TaskDelay_WithTheLoopClock_CompletesWhenTheClockPassesItsDueTime()
    {
        var clock = new VirtualClock();
        var firedAt = -1.0;

        VirtualTime.Run(
            () => Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), Trio.CurrentClock);
                    firedAt = VirtualTime.Now;
                });
                await Trio.Checkpoint();
                clock.Jump(2);
            }),
            clock);

        Assert.Equal(2.0, firedAt);
    }

    [Fact]
    public void CancellationTokenSource_WithTheLoopClock_CancelsAtTheVirtualDeadline()
    {
        var cancelledAt = -1.0;

        VirtualTime.Run(async () =>
        {
            using var source = new CancellationTokenSource(TimeSpan.FromSeconds(3), Trio.CurrentClock);
            using var registration = source.Token.Register(() => cancelledAt = VirtualTime.Now);
            await Trio.Sleep(5);
        });

        Assert.Equal(3.0, cancelledAt);
    }

    /// <summary>
    /// Sleeps 5 s on <paramref name="clock"/> while another thread runs <paramref name="change"/> after the loop has
    /// read its clock and threshold and before it waits: the window in which a wake-up used to reach no one.
    /// </summary>
    private static void SleepFiveWhileAnotherThreadActsJustBeforeTheLoopWaits(VirtualClock clock, Action change) =>
        RealTimeGuard.Run(() => VirtualTime.Run(
            async () =>
            {
                var runner = Runner.Current!;
                runner.BeforeIdleWait = () =>
                {
                    runner.BeforeIdleWait = null;
                    var other = new Thread(() => change());
                    other.Start();
                    other.Join();
                };
                await Trio.Sleep(5);
                Assert.Equal(5.0, VirtualTime.Now);
            },
            clock));
}
