using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.BlockingWaitAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class BlockingWaitTests
{
    [Fact]
    public Task Result_InTrioRunLambda_ReportedAndFixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Program
        {
            static int Main() => Trio.Run(async () =>
            {
                var answer = Task.FromResult(42);
                return {|TRIO001:answer.Result|};
            });
        }
        """,
        """
        static class Program
        {
            static int Main() => Trio.Run(async () =>
            {
                var answer = Task.FromResult(42);
                return await answer;
            });
        }
        """);

    [Fact]
    public Task Result_WithMemberAccess_FixedToParenthesizedAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task<string> RunAsync(Task<int> pending)
            {
                await Trio.Checkpoint();
                return {|TRIO001:pending.Result|}.ToString();
            }
        }
        """,
        """
        static class Work
        {
            static async Task<string> RunAsync(Task<int> pending)
            {
                await Trio.Checkpoint();
                return (await pending).ToString();
            }
        }
        """);

    [Fact]
    public Task Result_OfTaskAwaitedBefore_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(Task<int> first, Task<int> second)
            {
                await Trio.Checkpoint();
                await first;
                await Task.WhenAll(second);
                return first.Result + second.Result;
            }
        }
        """);

    [Fact]
    public Task Result_OfElementsOfAnAwaitedWhenAll_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(List<Task<int>> parts)
            {
                await Trio.Checkpoint();
                await Task.WhenAll(parts);
                var total = parts[0].Result;
                foreach (var part in parts)
                {
                    total += part.Result;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Result_OfElementsOfAnotherCollection_ReportedAndFixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(List<Task<int>> parts, List<Task<int>> others)
            {
                await Trio.Checkpoint();
                await Task.WhenAll(parts);
                var total = 0;
                foreach (var other in others)
                {
                    total += {|TRIO001:other.Result|};
                }

                return total;
            }
        }
        """,
        """
        static class Work
        {
            static async Task<int> RunAsync(List<Task<int>> parts, List<Task<int>> others)
            {
                await Trio.Checkpoint();
                await Task.WhenAll(parts);
                var total = 0;
                foreach (var other in others)
                {
                    total += await other;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Result_OutsideLoopCode_NotReported() => Verify.VerifyAsync(
        """
        static class Program
        {
            static int Main()
            {
                // Calling Trio.Run does not put the caller under the loop: it runs the loop.
                Trio.Run(() => Task.CompletedTask);
                return Task.FromResult(1).Result;
            }
        }
        """);

    [Fact]
    public Task Result_InSyncMethodUsingTrio_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static int Peek(Task<int> pending)
            {
                Trio.CheckpointIfCancelled();
                return {|TRIO001:pending.Result|};
            }
        }
        """);

    [Fact]
    public Task Result_OfValueTask_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static int Peek(ValueTask<int> pending)
            {
                Trio.CheckpointIfCancelled();
                return {|TRIO001:pending.Result|};
            }
        }
        """);

    [Fact]
    public Task Result_OfNonTask_NotReported() => Verify.VerifyAsync(
        """
        sealed class Outcome { public int Result { get; set; } }

        static class Work
        {
            static async Task<int> RunAsync(Outcome outcome)
            {
                await Trio.Checkpoint();
                return outcome.Result;
            }
        }
        """);

    [Fact]
    public Task Result_InNameof_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<string> RunAsync(Task<int> pending)
            {
                await Trio.Checkpoint();
                return nameof(pending.Result);
            }
        }
        """);

    [Fact]
    public Task Result_InTaskRunLambdaUnderLoop_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(Task<int> pending)
            {
                await Trio.Checkpoint();
                return await Task.Run(() => pending.Result);
            }
        }
        """);

    [Fact]
    public Task Wait_InNurseryChild_ReportedAndFixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static void Spawn(Nursery nursery, Task pending) => nursery.StartSoon(async () =>
            {
                {|TRIO001:pending.Wait()|};
            });
        }
        """,
        """
        static class Work
        {
            static void Spawn(Nursery nursery, Task pending) => nursery.StartSoon(async () =>
            {
                await pending;
            });
        }
        """);

    [Fact]
    public Task WaitWithTimeout_InLoopCode_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync(Task pending) => Nursery.RunAsync(async nursery =>
            {
                var done = {|TRIO001:pending.Wait(TimeSpan.FromSeconds(1))|};
                await Trio.Checkpoint();
            });
        }
        """);

    [Fact]
    public Task GetAwaiterGetResult_InMethodUsingTrio_ReportedAndFixedToAwait() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync(Func<Task<int>> compute)
            {
                await Trio.Sleep(1);
                var value = {|TRIO001:compute().GetAwaiter().GetResult()|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync(Func<Task<int>> compute)
            {
                await Trio.Sleep(1);
                var value = await compute();
            }
        }
        """);

    [Fact]
    public Task WaitAll_InLoopCode_ReportedAndFixedToWhenAll() => Verify.VerifyFixAsync(
        """
        static class Work
        {
            static async Task RunAsync(Task first, Task second)
            {
                await Trio.Checkpoint();
                {|TRIO001:Task.WaitAll(first, second)|};
            }
        }
        """,
        """
        static class Work
        {
            static async Task RunAsync(Task first, Task second)
            {
                await Trio.Checkpoint();
                await Task.WhenAll(first, second);
            }
        }
        """);

    [Fact]
    public Task WaitAny_InLoopCode_ReportedWithoutFix() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task<int> RunAsync(Task first, Task second)
            {
                await Trio.Checkpoint();
                return {|TRIO001:Task.WaitAny(first, second)|};
            }
        }
        """);
}
