using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.UncancellableScopeAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class UncancellableScopeTests
{
    [Fact]
    public Task MoveOnAfter_BodyWithoutAwait_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync(Action compute) => Trio.MoveOnAfter(1, {|TRIO006:async|} () => compute());
        }
        """);

    [Fact]
    public Task FailAfterAndMoveOnAt_BodiesWithoutAwait_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(Action compute)
            {
                await Trio.FailAfter(TimeSpan.FromSeconds(1), {|TRIO006:async|} () => { compute(); });
                await Trio.MoveOnAt(TimeSpan.FromSeconds(9), {|TRIO006:async|} delegate { compute(); });
            }
        }
        """);

    [Fact]
    public Task CancelScopeRunAsync_BodyAwaitingOnlyInNestedLambda_Reported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync(List<Func<Task>> steps) => CancelScope.WithTimeout(TimeSpan.FromSeconds(1)).RunAsync({|TRIO006:async|} () =>
            {
                steps.Add(async () => await Trio.Checkpoint());
            });
        }
        """);

    [Fact]
    public Task MoveOnAfter_BodyWithAwait_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static async Task RunAsync(IAsyncEnumerable<int> numbers, IAsyncDisposable resource)
            {
                await Trio.MoveOnAfter(1, async () => await Trio.Sleep(5));
                await Trio.MoveOnAfter(1, async () => { await foreach (var n in numbers) { } });
                await Trio.MoveOnAfter(1, async () => { await using var held = resource; });
            }
        }
        """);

    [Fact]
    public Task MoveOnAfter_SyncBodyReturningTask_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync(Func<Task> step) => Trio.MoveOnAfter(1, () => step());
        }
        """);

    [Fact]
    public Task NurseryRunAsync_BodyWithoutAwait_NotReported() => Verify.VerifyAsync(
        """
        static class Work
        {
            static Task RunAsync(Func<Task> step) => Nursery.RunAsync(async nursery => nursery.StartSoon(step));
        }
        """);
}
