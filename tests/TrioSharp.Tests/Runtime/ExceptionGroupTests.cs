namespace TrioSharp.Tests.Runtime;

public class ExceptionGroupTests
{
    [Fact]
    public void New_OneError_MessageSaysOneErrorAndNamesIt()
    {
        var group = new ExceptionGroup([new KeyNotFoundException("missing")]);

        Assert.StartsWith("1 error from a TrioSharp nursery: KeyNotFoundException: missing", group.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_NestedGroup_FindsTheInnerType()
    {
        var group = new ExceptionGroup([new ExceptionGroup([new KeyNotFoundException()]), new ArgumentException()]);

        Assert.True(group.Contains<KeyNotFoundException>());
        Assert.True(group.Contains<ArgumentException>());
        Assert.False(group.Contains<TimeoutException>());
    }

    [Fact]
    public void Constructors_MessageAndInner_AreKept()
    {
        var inner = new InvalidOperationException();

        Assert.Empty(new ExceptionGroup().InnerExceptions);
        Assert.StartsWith("m", new ExceptionGroup("m").Message, StringComparison.Ordinal);
        Assert.Same(inner, Assert.Single(new ExceptionGroup("m", inner).InnerExceptions));
    }
}
