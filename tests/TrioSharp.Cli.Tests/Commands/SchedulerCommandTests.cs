namespace TrioSharp.Cli.Tests.Commands;

/// <summary>The scheduler command's bad input, which is refused before any database is reached (its database tests are in TrioSharp.Scheduling.PostgreSql.Tests).</summary>
public class SchedulerCommandTests
{
    [Fact]
    public async Task SchedulerStatus_NoDatabaseGiven_SaysHowToNameOneAndExitsTwo()
    {
        if (Environment.GetEnvironmentVariable("TRIOSHARP_DB") is not null)
        {
            // The default comes from the environment: this scenario needs it unset.
            return;
        }

        var run = await CliRun.InvokeAsync("scheduler", "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: no database: pass --db with an Npgsql connection string (\"Host=localhost;Username=app\") or set $TRIOSHARP_DB.", run.ErrorLines[0]);
    }

    [Fact]
    public async Task SchedulerAdd_SchemaNotAPlainName_NamesItAndExitsTwo()
    {
        var run = await CliRun.InvokeAsync("scheduler", "add", "--db", "Host=127.0.0.1;Username=app", "--schema", "Jobs!", "--type", "noop");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: DurableSchedulerOptions.Schema 'Jobs!' is not a plain PostgreSQL name", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchedulerWorker_DurationWithoutUnit_NamesTheOptionAndWhatIsAllowed()
    {
        var run = await CliRun.InvokeAsync("scheduler", "worker", "--db", "Host=127.0.0.1;Username=app", "--lease", "30");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--lease '30' is not a duration; allowed: a positive number with ms, s, m or h (500ms, 2s, 1.5m).", run.Error, StringComparison.Ordinal);
    }
}
