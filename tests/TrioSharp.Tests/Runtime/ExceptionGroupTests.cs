namespace TrioSharp.Tests.Runtime;

public class ExceptionGroupTests
{
    [Fact]
    public void Message_OneError_SaysOneErrorAndNamesIt()
    {
        var group = new ExceptionGroup([new KeyNotFoundException("missing")]);

        Assert.Equal("1 error from a TrioSharp nursery: KeyNotFoundException: missing", group.Message);
    }

    [Fact]
    public void Message_TwoErrors_ListsEachOnce()
    {
        var group = new ExceptionGroup([new KeyNotFoundException("k"), new ArgumentException("a")]);

        Assert.Equal("2 errors from a TrioSharp nursery: KeyNotFoundException: k; ArgumentException: a", group.Message);
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
    public void Constructor_MessageAndInner_AreKept()
    {
        var inner = new InvalidOperationException();

        Assert.Empty(new ExceptionGroup().InnerExceptions);
        Assert.Equal("m", new ExceptionGroup("m").Message);
        Assert.Same(inner, Assert.Single(new ExceptionGroup("m", inner).InnerExceptions));
    }
}
