using TrioSharp.Cli.Commands;

namespace TrioSharp.Cli.Tests.Commands;

public sealed class CompleteImageTests
{
    [Fact]
    public void Exec_ImageMissing_SaysToReinstallAndFails()
    {
        // The test's folder has no complete image beside it, as an install that lost the file would not.
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, CompleteImage.FileName)));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error);

        var exit = CompleteImage.Exec(["seed", "1a"], console);

        Assert.Equal(ExitCode.SomeFailed, exit);
        Assert.Equal(string.Empty, output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot start {Path.Combine(AppContext.BaseDirectory, CompleteImage.FileName)}: ", line, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", line, StringComparison.Ordinal);
        Assert.EndsWith("reinstall the tool (dotnet tool update TrioSharp.Cli).", line, StringComparison.Ordinal);
    }
}
