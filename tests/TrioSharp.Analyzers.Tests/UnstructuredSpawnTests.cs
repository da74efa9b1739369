using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.UnstructuredSpawnAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class UnstructuredSpawnTests
{
    [Fact]
    public Task TaskRun_AsStatementInLoopCode_FixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static Task RunAsync(Action work) => Nursery.RunAsync(async nursery =>
            {
                {|TRIO003:Task.Run(work)|};
                await Trio.Checkpoint();
            });
        }
        """,
        """
        static class Work
        {
            static Task RunAsync(Action work) => Nursery.RunAsync(async nursery =>
            {
                await Task.Run(work);
                await Trio.Checkpoint();
            });
        }
        """);

    [Fact]
    public Task TaskRun_Discarded_FixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync(Action work)
            {
                await Trio.Checkpoint();
                _ = {|TRIO003:Task.Run(work)|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync(Action work)
            {
                await Trio.Checkpoint();
                await Task.Run(work);
            }
        }
        """);

    [Fact]
    public Task StartNew_KeptInVariable_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(Action work)
            {
                await Trio.Checkpoint();
                var pending = {|TRIO003:Task.Factory.StartNew(work)|};
                await Trio.Checkpoint();
                await pending;
            }
        }
        """);

    [Fact]
    public Task QueueUserWorkItem_InLoopCode_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(WaitCallback work)
            {
                await Trio.Checkpoint();
                {|TRIO003:ThreadPool.QueueUserWorkItem(work)|};
            }
        }
        """);

    [Fact]
    public Task TaskRun_ExpressionBodyOfVoidFunctions_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(Func<int> work, List<Action> starters)
            {
                await Trio.Checkpoint();
                starters.Add(() => {|TRIO003:Task.Run(work)|});
                void Start() => {|TRIO003:Task.Run(work)|};
            }
        }
        """);

    [Fact]
    public Task TaskRun_AwaitedOrReturned_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(Func<int> work, Nursery nursery)
            {
                await Trio.Checkpoint();
                await Task.Run(work).ConfigureAwait(false);
                await Task.WhenAll(Task.Run(work), Task.Run(work));
                nursery.StartSoon(() => Task.Run(work));
                return await Task.Run(work);
            }

            static Task<int> Offload(Func<int> work, Nursery nursery)
            {
                nursery.StartSoon(() => Task.CompletedTask);
                return Task.Run(work);
            }
        }
        """);

    [Fact]
    public Task TaskRun_OutsideLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static void Start(Action work) => Task.Run(work);
        }
        """);
}
