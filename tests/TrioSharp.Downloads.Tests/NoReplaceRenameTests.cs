using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

public sealed class NoReplaceRenameTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryMove_FreeName_MovesTheFile()
    {
        File.WriteAllText(_dir["a.part"], "new");

        var outcome = NoReplaceRename.TryMove(_dir["a.part"], _dir["a"]);

        Assert.Equal(OperatingSystem.IsLinux() ? NoReplaceRename.Outcome.Moved : NoReplaceRename.Outcome.Unsupported, outcome);
        Assert.Equal(OperatingSystem.IsLinux() ? ["a"] : ["a.part"], _dir.Files());
    }

    [Fact]
    public void TryMove_TakenName_LeavesBothFiles()
    {
        File.WriteAllText(_dir["a.part"], "new");
        File.WriteAllText(_dir["a"], "old");

        var outcome = NoReplaceRename.TryMove(_dir["a.part"], _dir["a"]);

        Assert.Equal(OperatingSystem.IsLinux() ? NoReplaceRename.Outcome.Exists : NoReplaceRename.Outcome.Unsupported, outcome);
        Assert.Equal(("old", "new"), (File.ReadAllText(_dir["a"]), File.ReadAllText(_dir["a.part"])));
    }

    [Fact]
    public void TryMove_MissingSource_ThrowsIOExceptionNamingIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var error = Assert.Throws<IOException>(() => NoReplaceRename.TryMove(_dir["missing.part"], _dir["a"]));

        Assert.Contains("missing.part", error.Message, StringComparison.Ordinal);
    }
}
