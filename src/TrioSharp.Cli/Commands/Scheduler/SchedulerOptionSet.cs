using System.CommandLine;
using TrioSharp.Scheduling.PostgreSql;

namespace TrioSharp.Cli.Commands;

/// <summary>The options every scheduler command shares: which database, schema and levels.</summary>
internal sealed class SchedulerOptionSet
{
    public Option<string?> Database { get; } = new("--db")
    {
        Description = $"The Npgsql connection string (\"Host=localhost;Username=app;Database=jobs\"); default: ${SchedulerCommand.DatabaseVariable}.",
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = "The PostgreSQL schema holding the queue (created if missing).",
        DefaultValueFactory = _ => "triosharp",
    };

    public Option<int> Levels { get; } = new("--levels")
    {
        Description = "How many priority levels the queue has.",
        DefaultValueFactory = _ => 5,
    };

    /// <summary>A client of the queue the options name, or null and a one-line problem.</summary>
    public DurableScheduler? Open(ParseResult result, out string? problem)
    {
        var database = result.GetValue(Database) ?? Environment.GetEnvironmentVariable(SchedulerCommand.DatabaseVariable);
        if (string.IsNullOrWhiteSpace(database))
        {
            problem = $"no database: pass --db with an Npgsql connection string (\"Host=localhost;Username=app\") or set ${SchedulerCommand.DatabaseVariable}.";
            return null;
        }

        try
        {
            problem = null;
            var settings = new DurableSchedulerOptions { Schema = result.GetValue(Schema)! };

            // Only commands that take a priority have --levels; the others do not need it.
            if (result.CommandResult.Command.Options.Contains(Levels))
            {
                settings = settings with { Levels = result.GetValue(Levels) };
            }

            return new DurableScheduler(database, settings);
        }
        catch (ArgumentException e)
        {
            problem = $"{e.Message} (check --db, --schema and --levels)";
            return null;
        }
    }
}
