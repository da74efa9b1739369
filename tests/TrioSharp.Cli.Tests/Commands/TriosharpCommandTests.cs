namespace TrioSharp.Cli.Tests.Commands;

public class TriosharpCommandTests
{
    [Fact]
    public async Task Help_Root_ShowsUsageUnderTheCommandsName()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  triosharp [command] [options]", run.Lines);
    }

    [Fact]
    public async Task Help_Subcommand_ShowsUsageUnderTheCommandsName()
    {
        var run = await CliRun.InvokeAsync("download", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  triosharp download [<urls>...] [options]", run.Lines);
    }

    [Fact]
    public async Task Invoke_UnknownCommand_ExitsOneNamingIt()
    {
        var run = await CliRun.InvokeAsync("bogus");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unrecognized command or argument 'bogus'.", run.Error, StringComparison.Ordinal);
    }
}
