using TrioSharp.Cli.Commands;

namespace TrioSharp.Cli.Tests.Commands;

public sealed class CompleteImageTests
{
    [Fact]
    public void Exec_ImageMissing_ReturnsWhyAndToReinstall()
    {
        // The test's folder has no complete image beside it, as an install that lost the file would not.
        var path = Path.Combine(AppContext.BaseDirectory, CompleteImage.FileName);
        Assert.False(File.Exists(path));

        var reason = CompleteImage.Exec(["seed", "1a"]);

        Assert.Equal(
            $"cannot start {path}: No such file or directory. The installation is incomplete: reinstall the tool (dotnet tool update TrioSharp.Cli).",
            reason);
    }
}
