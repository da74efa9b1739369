using System.Diagnostics;

namespace TrioSharp.Tests.Time;

/// <summary>
/// The real clock, with short sleeps and lower bounds only: a loaded machine can make these slower, never wrong.
/// </summary>
public class SystemClockTests
{
    [Fact]
    public void Sleep_OnSystemClock_WakesNoEarlierThanItsDeadline()
    {
        var real = Stopwatch.StartNew();

        var slept = Trio.Run(async () =>
        {
            var start = Trio.CurrentTime;
            await Trio.Sleep(0.02);
            return Trio.CurrentTime - start;
        });

        Assert.True(slept >= TimeSpan.FromMilliseconds(20), slept.ToString());
        Assert.True(real.Elapsed >= TimeSpan.FromMilliseconds(19), real.Elapsed.ToString());
    }

    [Fact]
    public void CurrentTime_AfterTheLoopIdledWaitingForOutsideWork_IncludesTheIdleTime()
    {
        var idle = TimeSpan.FromMilliseconds(200);

        var seen = TestEntry.Run(async () =>
        {
            var before = Trio.CurrentTime;

            // No deadline: the loop waits (or parks) until the outside work arrives, which must stamp the wall time.
            await Task.Run(async () =>
            {
                var real = Stopwatch.StartNew();
                while (real.Elapsed < idle)
                {
                    await Task.Delay(idle - real.Elapsed);
                }
            });
            return Trio.CurrentTime - before;
        });

        Assert.True(seen >= idle, $"The loop's time moved {seen.TotalMilliseconds:F1} ms across {idle.TotalMilliseconds} ms of idling.");
    }

    [Fact]
    public void MoveOnAfter_OnSystemClock_CancelsTheBodyAtTheDeadline()
    {
        var scope = Trio.Run(() => Trio.MoveOnAfter(0.02, async () => await Trio.SleepForever()));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void TaskDelay_WithSystemClockProvider_ResumesOnTheLoop()
    {
        RealTimeGuard.Run(() => Trio.Run(async () =>
        {
            var loopThread = Environment.CurrentManagedThreadId;

            await Task.Delay(TimeSpan.FromMilliseconds(10), Trio.CurrentClock);

            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);

            // The BCL's timers count on a coarse tick (CLOCK_MONOTONIC_COARSE on Linux, a few ms), so a 10 ms delay may
            // end a few ms early by the monotonic clock the loop reads; it still moved the loop's time.
            Assert.True(Trio.CurrentTime >= TimeSpan.FromMilliseconds(5), Trio.CurrentTime.ToString());
        }));
    }

    [Fact]
    public void Sleep_DeadlinePassesWhileAnotherTaskComputes_SleeperWakesAtTheNextIteration()
    {
        var woke = Trio.Run(() => Nursery.RunAsync(async n =>
        {
            var wokeAt = TimeSpan.Zero;
            n.StartSoon(async () =>
            {
                await Trio.Sleep(0.01);
                wokeAt = Trio.CurrentTime;
            });
            await Trio.Checkpoint();
            var busy = Stopwatch.StartNew();
            while (busy.Elapsed < TimeSpan.FromMilliseconds(30))
            {
                Thread.SpinWait(1000);
            }

            await Trio.Checkpoint();
            return wokeAt;
        }));

        Assert.True(woke >= TimeSpan.FromMilliseconds(10), woke.ToString());
    }

    [Fact]
    public void CurrentTime_AfterComputingLongerThanMaxLag_CatchesUpWithTheWall()
    {
        var seen = Trio.Run(async () =>
        {
            var start = Stopwatch.StartNew();
            while (start.Elapsed < SystemClock.MaxLag + TimeSpan.FromMilliseconds(50))
            {
                Thread.SpinWait(1000);
            }

            // A busy loop with no deadline reads the clock every 16th iteration.
            for (var i = 0; i < 16; i++)
            {
                await Trio.Checkpoint();
            }

            return Trio.CurrentTime;
        });

        Assert.True(seen > SystemClock.MaxLag, seen.ToString());
    }
}
