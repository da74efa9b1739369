namespace TrioSharp.Tests.Runtime;

/// <summary>
/// The Debug build's invariant checks are compiled in and catch what they guard. The suite itself runs on the Debug
/// build, so every other test also runs with every check on: a check that fired falsely would fail it.
/// </summary>
public class InvariantCheckTests
{
#if DEBUG
    [Fact]
    public void Check_FalseInADebugBuild_ThrowsInvariantViolation()
    {
        var error = Assert.Throws<InvariantViolation>(() => InvariantViolation.Check(false, "a test rule."));

        Assert.StartsWith("TrioSharp invariant violated: a test rule.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntrusiveListRemove_NodeOfAnotherList_ThrowsInvariantViolation()
    {
        var first = new IntrusiveList<Node, Node.Field>();
        var second = new IntrusiveList<Node, Node.Field>();
        var (a, b) = (new Node(), new Node());
        first.AddLast(a);
        first.AddLast(b);

        Assert.Throws<InvariantViolation>(() => second.Remove(b));
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public void WaitQueueRemove_NodeNotQueued_ThrowsInvariantViolation()
    {
        VirtualTime.Run(async () =>
        {
            var queue = new WaitQueue<bool>();
            var node = queue.Yield(Trio.CurrentTask("test"), true, checkCancel: false);

            Assert.Throws<InvariantViolation>(() => queue.Remove(node));
            await node.VoidAwaitable;
        });
    }
#endif

    private sealed class Node
    {
        internal ListLinks<Node> Links;

        internal readonly struct Field : ILinkField<Node>
        {
            public static ref ListLinks<Node> Of(Node node) => ref node.Links;
        }
    }
}
