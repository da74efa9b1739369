namespace TrioSharp.Tests.Runtime;

public class IntrusiveListTests
{
    [Fact]
    public void AddLast_ThreeNodes_KeepsArrivalOrder()
    {
        var list = new IntrusiveList<Node, Node.Field>();
        var (a, b, c) = (new Node("a"), new Node("b"), new Node("c"));

        list.AddLast(a);
        list.AddLast(b);
        list.AddLast(c);

        Assert.Equal(["a", "b", "c"], Names(list));
        Assert.Equal(3, list.Count);
    }

    [Fact]
    public void AddFirst_ThreeNodes_KeepsReverseOrder()
    {
        var list = new IntrusiveList<Node, Node.Field>();

        list.AddFirst(new Node("a"));
        list.AddFirst(new Node("b"));
        list.AddFirst(new Node("c"));

        Assert.Equal(["c", "b", "a"], Names(list));
    }

    [Theory]
    [InlineData(0, "b c")]
    [InlineData(1, "a c")]
    [InlineData(2, "a b")]
    public void Remove_AnyPosition_UnlinksOnlyThatNode(int index, string expected)
    {
        var list = new IntrusiveList<Node, Node.Field>();
        Node[] nodes = [new("a"), new("b"), new("c")];
        foreach (var node in nodes)
        {
            list.AddLast(node);
        }

        list.Remove(nodes[index]);
        list.AddLast(new Node("d"));

        Assert.Equal([.. expected.Split(' '), "d"], Names(list));
        Assert.Equal(3, list.Count);
        Assert.Equal((null, null), (nodes[index].Links.Prev, nodes[index].Links.Next));
    }

    [Fact]
    public void Remove_NodeNotInTheList_LeavesTheListAlone()
    {
        var list = new IntrusiveList<Node, Node.Field>();
        list.AddLast(new Node("a"));

        list.Remove(new Node("stranger"));

        Assert.Equal(["a"], Names(list));
        Assert.Equal(1, list.Count);
    }

    [Fact]
    public void Remove_LastNode_EmptiesTheList()
    {
        var list = new IntrusiveList<Node, Node.Field>();
        var only = new Node("a");
        list.AddFirst(only);

        list.Remove(only);
        list.AddFirst(new Node("b"));

        Assert.Equal(["b"], Names(list));
    }

    private static List<string> Names(IntrusiveList<Node, Node.Field> list)
    {
        var names = new List<string>();
        for (var node = list.First; node is not null; node = IntrusiveList<Node, Node.Field>.Next(node))
        {
            names.Add(node.Name);
        }

        return names;
    }

    private sealed class Node(string name)
    {
        public ListLinks<Node> Links;

        public string Name => name;

        public readonly struct Field : ILinkField<Node>
        {
            public static ref ListLinks<Node> Of(Node node) => ref node.Links;
        }
    }
}
