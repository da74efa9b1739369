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
    public async Task Invoke_UnknownCommand_ExitsTwoNamingItAndTheNearestCommand()
    {
        var run = await CliRun.InvokeAsync("seeds");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["error: unknown command 'seeds'; did you mean seed?", "See 'triosharp --help' for the options."], run.ErrorLines);
    }

    [Fact]
    public async Task Invoke_NoCommand_ExitsTwoWithTheHint()
    {
        var run = await CliRun.InvokeAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["error: Required command was not provided.", "See 'triosharp --help' for the options."], run.ErrorLines);
    }
}
