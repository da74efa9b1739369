using System.CommandLine;
using System.Globalization;
using Npgsql;
using TrioSharp.Scheduling.PostgreSql;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp scheduler worker|add|cancel|reschedule|status|watch</c>: a durable queue on PostgreSQL, operated from a shell.</summary>
internal static class SchedulerCommand
{
    /// <summary>The environment variable <c>--db</c> defaults to.</summary>
    public const string DatabaseVariable = "TRIOSHARP_DB";

    public static Command Create(CliConsole console)
    {
        // Each subcommand gets its own option objects: System.CommandLine binds an option to one command.
        var command = new Command("scheduler", "A durable priority queue on PostgreSQL shared by worker processes (docs/scheduler.md).\n"
            + "Examples:\n  triosharp scheduler worker --db \"Host=localhost;Username=app\" --concurrency 8\n"
            + "  triosharp scheduler add --db \"Host=localhost;Username=app\" --type sleep --payload '{\"seconds\":2}' --priority 1\n"
            + "  triosharp scheduler watch --db \"Host=localhost;Username=app\"")
        {
            SchedulerWorker.Create(console, new SchedulerOptionSet()),
            Add(console, new SchedulerOptionSet()),
            Cancel(console, new SchedulerOptionSet()),
            Reschedule(console, new SchedulerOptionSet()),
            Status(console, new SchedulerOptionSet()),
            Watch(console, new SchedulerOptionSet()),
        };
        return command;
    }

    /// <summary>Runs <paramref name="body"/> on a migrated queue; a problem the user can fix is one line on standard error and exit code 2 (1 when the database cannot be reached).</summary>
    internal static async Task<int> WithSchedulerAsync(CliConsole console, SchedulerOptionSet options, ParseResult result, Func<DurableScheduler, Task<int>> body, CancellationToken cancellation)
    {
        if (options.Open(result, out var problem) is not { } scheduler)
        {
            console.Error(problem!);
            return 2;
        }

        await using (scheduler)
        {
            try
            {
                await scheduler.MigrateAsync(cancellation);
                return await body(scheduler);
            }
            catch (Exception e) when (UserError(e) is { } message)
            {
                console.Error(message);
                return e is NpgsqlException ? 1 : 2;
            }
        }
    }

    /// <summary>The one-line message for a failure the user can fix (bad input, an unreachable database), or null for a bug.</summary>
    internal static string? UserError(Exception error) => error switch
    {
        DurableSchedulerException e => e.Message,
        ArgumentException e => e.ParamName is null ? e.Message : e.Message.Split(" (Parameter '")[0],
        NpgsqlException e => $"the database failed: {e.Message} (check --db or ${DatabaseVariable})",
        AggregateException group => group.InnerExceptions.Select(UserError).FirstOrDefault(m => m is not null),
        _ => null,
    };

    private static Command Add(CliConsole console, SchedulerOptionSet options)
    {
        var type = new Option<string>("--type") { Description = "The job type: the name of the handler that runs it (the CLI worker knows noop, sleep and fail).", Required = true };
        var payload = new Option<string>("--payload") { Description = "The job's input as JSON.", DefaultValueFactory = _ => "{}" };
        var priority = new Option<int>("--priority", "-p") { Description = "Its level: 1 is the highest.", DefaultValueFactory = _ => 1 };
        var name = new Option<string?>("--name") { Description = "A name for logs." };
        var delay = SchedulerDuration.Option("--delay", "Do not start it before this long from now (500ms, 2s, 1m).", TimeSpan.Zero);
        var attempts = new Option<int?>("--max-attempts") { Description = "How many claims it may have before it fails (default: the queue's, 3)." };
        var command = new Command("add", "Add a job; prints its id.") { options.Database, options.Schema, options.Levels, type, payload, priority, name, delay, attempts };
        command.SetAction((result, cancellation) => WithSchedulerAsync(console, options, result, async scheduler =>
        {
            var wait = result.GetValue(delay);
            DateTimeOffset? notBefore = wait > TimeSpan.Zero ? TimeProvider.System.GetUtcNow() + wait : null;
            var id = await scheduler.AddAsync(
                result.GetValue(type)!, result.GetValue(payload)!, result.GetValue(priority), result.GetValue(name), notBefore, result.GetValue(attempts), cancellation);
            console.Out.WriteLine(id.ToString(CultureInfo.InvariantCulture));
            return 0;
        }, cancellation));
        return command;
    }

    private static Command Cancel(CliConsole console, SchedulerOptionSet options)
    {
        var id = new Argument<long>("id") { Description = "The job's id." };
        var command = new Command("cancel", "Cancel a job: a pending one is removed, a running one is stopped by its worker.") { options.Database, options.Schema, id };
        command.SetAction((result, cancellation) => WithSchedulerAsync(console, options, result, async scheduler =>
        {
            var outcome = await scheduler.CancelAsync(result.GetValue(id), cancellation);
            console.Out.WriteLine(outcome == Scheduling.CancelOutcome.Removed ? "removed" : "stopping");
            return 0;
        }, cancellation));
        return command;
    }

    private static Command Reschedule(CliConsole console, SchedulerOptionSet options)
    {
        var id = new Argument<long>("id") { Description = "The job's id." };
        var priority = new Argument<int>("priority") { Description = "Its new level: 1 is the highest." };
        var command = new Command("reschedule", "Move a pending job to another level (to the back of it).") { options.Database, options.Schema, options.Levels, id, priority };
        command.SetAction((result, cancellation) => WithSchedulerAsync(console, options, result, async scheduler =>
        {
            await scheduler.RescheduleAsync(result.GetValue(id), result.GetValue(priority), cancellation);
            console.Out.WriteLine("rescheduled");
            return 0;
        }, cancellation));
        return command;
    }

    private static Command Status(CliConsole console, SchedulerOptionSet options)
    {
        var id = new Argument<long?>("id") { Description = "A job's id; without it, how many jobs have each status.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show a job (status, attempts, result, errors) or the queue's counts.") { options.Database, options.Schema, id };
        command.SetAction((result, cancellation) => WithSchedulerAsync(console, options, result, async scheduler =>
        {
            if (result.GetValue(id) is { } jobId)
            {
                var job = await scheduler.GetJobAsync(jobId, cancellation);
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"job {job.Id} {job.Status.ToString().ToLowerInvariant()}: type {job.Type}, priority {job.Priority}, attempts {job.Attempts}/{job.MaxAttempts}{(job.Name is null ? "" : $", name {job.Name}")}"));
                console.Out.WriteLine($"payload {job.PayloadJson}");
                if (job.ResultJson is { } value)
                {
                    console.Out.WriteLine($"result {value}");
                }

                foreach (var error in job.Errors)
                {
                    console.Out.WriteLine($"error {error}");
                }
            }
            else
            {
                var counts = await scheduler.CountAsync(cancellation);
                foreach (var status in Enum.GetValues<DurableJobStatus>())
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{status.ToString().ToLowerInvariant()} {counts.GetValueOrDefault(status)}"));
                }
            }

            return 0;
        }, cancellation));
        return command;
    }

    private static Command Watch(CliConsole console, SchedulerOptionSet options)
    {
        var from = new Option<long>("--after") { Description = "Start after this event id (0: the whole log).", DefaultValueFactory = _ => 0 };
        var follow = new Option<bool>("--no-follow") { Description = "Print the log so far and exit instead of following it." };
        var command = new Command("watch", "Print the event log, then follow it until Ctrl+C.") { options.Database, options.Schema, from, follow };
        command.SetAction(async (result, cancellation) =>
        {
            using var interrupt = new CtrlC(cancellation);
            return await WithSchedulerAsync(console, options, result, async scheduler =>
            {
                var after = result.GetValue(from);
                try
                {
                    while (true)
                    {
                        var events = await scheduler.GetEventsAsync(after, 1000, cancellationToken: interrupt.Token);
                        foreach (var e in events)
                        {
                            console.Out.WriteLine(Line(e));
                            after = e.Id;
                        }

                        console.Out.Flush();
                        if (result.GetValue(follow))
                        {
                            return 0;
                        }

                        if (events.Count < 1000)
                        {
                            // Watching is for people: a quarter-second poll of one indexed query is cheap and keeps workers' notifications for work.
                            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, interrupt.Token);
                        }
                    }
                }
                catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
                {
                    return 0;
                }
            }, interrupt.Token);
        });
        return command;
    }

    private static string Line(DurableEvent e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} #{e.Id} {e.Kind}{(e.JobId is { } job ? $" job {job}" : "")}{(e.Priority is { } p ? $" p{p}" : "")}{(e.Worker is { } w ? $" worker {w}" : "")}{(e.Detail is { } d ? $" ({d})" : "")}");
}
