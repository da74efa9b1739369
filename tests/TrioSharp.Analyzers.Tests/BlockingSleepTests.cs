using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.BlockingSleepAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class BlockingSleepTests
{
    [Fact]
    public Task ThreadSleepMilliseconds_InNurseryChild_FixedToTrioSleep() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static void Spawn(Nursery nursery) => nursery.StartSoon(async () =>
            {
                {|TRIO002:Thread.Sleep(100)|};
            });
        }
        """,
        """
        static class Work
        {
            static void Spawn(Nursery nursery) => nursery.StartSoon(async () =>
            {
                await Trio.Sleep(TimeSpan.FromMilliseconds(100));
            });
        }
        """);

    [Fact]
    public Task ThreadSleepTimeSpan_InMoveOnAfterBody_FixedToTrioSleep() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static Task RunAsync() => Trio.MoveOnAfter(5, async () =>
            {
                {|TRIO002:Thread.Sleep(TimeSpan.FromSeconds(1))|};
            });
        }
        """,
        """
        static class Work
        {
            static Task RunAsync() => Trio.MoveOnAfter(5, async () =>
            {
                await Trio.Sleep(TimeSpan.FromSeconds(1));
            });
        }
        """);

    [Fact]
    public Task ThreadSleep_InSyncMethodUsingTrio_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static void Poll(TrioEvent ready)
            {
                while (!ready.IsSet)
                {
                    {|TRIO002:Thread.Sleep(10)|};
                }
            }
        }
        """);

    [Fact]
    public Task ThreadSleep_OutsideLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Program
        {
            static void Main()
            {
                Thread.Sleep(10);
                Trio.Run(() => Task.CompletedTask);
            }
        }
        """);

    [Fact]
    public Task ThreadSleep_InTaskRunLambdaUnderLoop_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                await Task.Run(() => Thread.Sleep(10));
            }
        }
        """);

    [Fact]
    public Task ThreadSleep_InLambdaGivenToAToThreadApi_NotReported() => Verify.VerifyAsync(
        """
        namespace TrioSharp
        {
            // The to-thread API is not in TrioSharp yet; the analyzers know it by a TrioSharp type or method whose
            // name contains Thread, which this stand-in has.
            static class ToThread
            {
                public static Task RunAsync(Action work) => Task.Run(work);
            }
        }

        static class Work
        {
            static async Task RunAsync()
            {
                await Trio.Checkpoint();
                await ToThread.RunAsync(() => Thread.Sleep(10));
            }
        }
        """);

    [Fact]
    public Task ThreadSleep_InLambdaNestedInLoopCode_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(List<int> delays)
            {
                await Trio.Checkpoint();
                delays.ForEach(delay => {|TRIO002:Thread.Sleep(delay)|});
            }
        }
        """);
}
