using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.AsyncVoidAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class AsyncVoidTests
{
    [Fact]
    public Task AsyncVoidLambda_InNurseryChild_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static void Spawn(Nursery nursery, List<int> items) => nursery.StartSoon(async () =>
            {
                items.ForEach({|TRIO004:async|} item => await Task.Yield());
                await Trio.Checkpoint();
            });
        }
        """);

    [Fact]
    public Task AsyncVoidAnonymousMethod_UsingTrio_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Action Tick() => {|TRIO004:async|} delegate { await Trio.Sleep(1); };
        }
        """);

    [Fact]
    public Task AsyncVoidLambda_OutsideLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Action Tick() => async () => await Task.Yield();
        }
        """);

    [Fact]
    public Task AsyncTaskLambda_InLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync() => Nursery.RunAsync(async nursery =>
            {
                Func<Task> step = async () => await Trio.Checkpoint();
                await step();
            });
        }
        """);

    [Fact]
    public Task AsyncVoidLocalFunction_InLoopCode_FixedToReturnTask() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static Task RunAsync() => Trio.MoveOnAfter(1, async () =>
            {
                {|TRIO004:async|} void Step() => await Trio.Checkpoint();
                await Trio.Checkpoint();
            });
        }
        """,
        """
        static class Work
        {
            static Task RunAsync() => Trio.MoveOnAfter(1, async () =>
            {
                async Task Step() => await Trio.Checkpoint();
                await Trio.Checkpoint();
            });
        }
        """);

    [Fact]
    public Task AsyncVoidMethod_UsingTrio_FixedToReturnTask() => Verify.VerifyFixAsync(
        """
        sealed class Worker
        {
            public {|TRIO004:async|} void Run() => await Trio.Sleep(1);
        }
        """,
        """
        sealed class Worker
        {
            public async Task Run() => await Trio.Sleep(1);
        }
        """);

    [Fact]
    public Task AsyncVoidMethod_ImplementingInterface_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        interface IWorker { void Run(); }

        sealed class Worker : IWorker
        {
            public {|TRIO004:async|} void Run() => await Trio.Sleep(1);
        }
        """);
}
