using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.WallClockTimerAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class WallClockTimerTests
{
    [Fact]
    public Task TaskDelayTimeSpan_Awaited_FixedToTrioSleep() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static void Spawn(Nursery nursery) => nursery.StartSoon(async () =>
            {
                await {|TRIO005:Task.Delay(TimeSpan.FromSeconds(2))|};
            });
        }
        """,
        """
        static class Work
        {
            static void Spawn(Nursery nursery) => nursery.StartSoon(async () =>
            {
                await Trio.Sleep(TimeSpan.FromSeconds(2));
            });
        }
        """);

    [Fact]
    public Task TaskDelayMilliseconds_Awaited_FixedToTrioSleep() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static Task RunAsync() => Trio.FailAfter(5, async () => await {|TRIO005:Task.Delay(250)|});
        }
        """,
        """
        static class Work
        {
            static Task RunAsync() => Trio.FailAfter(5, async () => await Trio.Sleep(TimeSpan.FromMilliseconds(250)));
        }
        """);

    [Fact]
    public Task TaskDelayWithToken_InLoopCode_FixedByPassingTheClock() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await {|TRIO005:Task.Delay(TimeSpan.FromSeconds(1), Trio.CurrentCancellationToken)|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Trio.CurrentClock, Trio.CurrentCancellationToken);
            }
        }
        """);

    [Fact]
    public Task PeriodicTimerAndCancellationTokenSource_InLoopCode_FixedByPassingTheClock() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                using var ticks = {|TRIO005:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                using var expiry = {|TRIO005:new CancellationTokenSource(TimeSpan.FromSeconds(3))|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1), Trio.CurrentClock);
                using var expiry = new CancellationTokenSource(TimeSpan.FromSeconds(3), Trio.CurrentClock);
            }
        }
        """);

    [Fact]
    public Task TargetTypedNewPeriodicTimer_InLoopCode_FixedByPassingTheClock() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                using PeriodicTimer ticks = {|TRIO005:new(TimeSpan.FromSeconds(1))|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                using PeriodicTimer ticks = new(TimeSpan.FromSeconds(1), Trio.CurrentClock);
            }
        }
        """);

    [Fact]
    public Task TaskWaitAsyncWithTimeout_InLoopCode_FixedByPassingTheClock() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync(Task pending, CancellationToken token)
            {
                await Trio.Checkpoint();
                await {|TRIO005:pending.WaitAsync(TimeSpan.FromSeconds(1), token)|}.ConfigureAwait(false);
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync(Task pending, CancellationToken token)
            {
                await Trio.Checkpoint();
                await pending.WaitAsync(TimeSpan.FromSeconds(1), Trio.CurrentClock, token).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task TimerAndMillisecondCancellationTokenSource_InLoopCode_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(TimerCallback tick)
            {
                await Trio.Checkpoint();
                using var timer = {|TRIO005:new Timer(tick, null, 1000, 1000)|};
                using var expiry = {|TRIO005:new CancellationTokenSource(3000)|};
            }
        }
        """);

    [Fact]
    public Task TimersWithTheLoopsClock_InLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(Task pending)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Trio.CurrentClock);
                using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1), Trio.CurrentClock);
                using var source = new CancellationTokenSource();
                await pending.WaitAsync(source.Token);
            }
        }
        """);

    [Fact]
    public Task TaskDelay_OutsideLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task PauseAsync() => Task.Delay(100);
        }
        """);
}
