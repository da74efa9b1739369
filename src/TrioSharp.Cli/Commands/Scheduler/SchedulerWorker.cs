using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrioSharp.Scheduling.PostgreSql;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// <c>triosharp scheduler worker</c>: a worker process with the built-in job types <c>noop</c>, <c>sleep</c> and
/// <c>fail</c> (for trying the queue, tests and benchmarks; applications register their own handlers on a
/// <see cref="DurableWorker"/>). SIGTERM or Ctrl+C shuts it down gracefully.
/// </summary>
internal static class SchedulerWorker
{
    public static Command Create(CliConsole console, SchedulerOptionSet options)
    {
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "How many jobs it runs at once.", DefaultValueFactory = _ => 4 };
        var name = new Option<string?>("--name") { Description = "Its name in the event log (default: host:pid)." };
        var lease = SchedulerDuration.Option("--lease", "How long a claim holds without a heartbeat (a dead worker's jobs are retried this long after).", TimeSpan.FromSeconds(30));
        var poll = SchedulerDuration.Option("--poll", "The fallback poll when no notification comes.", TimeSpan.FromSeconds(5));
        var grace = SchedulerDuration.Option("--grace", "On shutdown, how long running jobs may finish before they are stopped and put back.", TimeSpan.FromSeconds(10));
        var levelLimits = new Option<Dictionary<int, int>>("--level-limit")
        {
            Description = "A fleet-wide limit for one level, LEVEL=N (repeatable): at most N jobs of that level run at once across all workers.",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ParseLevelLimits,
            DefaultValueFactory = _ => [],
        };
        var levelRuns = new Option<bool>("--level-runs") { Description = "Run levels in order as the seed does: nothing starts while a higher level is pending or running." };
        var command = new Command("worker", "Run jobs until SIGTERM or Ctrl+C. Job types: noop; sleep {\"seconds\":2,\"result\":\"...\"}; fail {\"message\":\"...\"}.")
        {
            options.Database, options.Schema, options.Levels, concurrency, name, lease, poll, grace, levelRuns, levelLimits,
        };
        command.SetAction((result, cancellation) =>
        {
            if (options.Open(result, out var problem) is not { } scheduler)
            {
                console.Error(problem!);
                return Task.FromResult(2);
            }

            using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Shutdown(signal, shutdown));
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Shutdown(signal, shutdown));
            try
            {
                var worker = new DurableWorker(scheduler, new DurableWorkerOptions
                {
                    Name = result.GetValue(name),
                    Concurrency = result.GetValue(concurrency),
                    Lease = result.GetValue(lease),
                    PollInterval = result.GetValue(poll),
                    ShutdownGrace = result.GetValue(grace),
                    LevelRuns = result.GetValue(levelRuns),
                    LevelLimits = result.GetValue(levelLimits)!,
                    OnListening = () => Say(console, $"worker listening (concurrency {result.GetValue(concurrency)})"),
                });
                worker.HandleJson("noop", (_, _) => Task.FromResult<string?>(null))
                    .HandleJson("sleep", SleepAsync)
                    .HandleJson("fail", (payload, _) => throw new InvalidOperationException(Text(payload, "message") ?? "the job asked to fail"));
                Trio.Run(() => worker.RunAsync(shutdown.Token));
                Say(console, "worker stopped");
                return Task.FromResult(0);
            }
            catch (Exception e) when (SchedulerCommand.UserError(e) is { } message)
            {
                console.Error(message);
                return Task.FromResult(e is ArgumentException ? 2 : 1);
            }
            finally
            {
                scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }

    private static Dictionary<int, int> ParseLevelLimits(System.CommandLine.Parsing.ArgumentResult result)
    {
        var limits = new Dictionary<int, int>();
        foreach (var token in result.Tokens)
        {
            var parts = token.Value.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var level) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                result.AddError($"--level-limit '{token.Value}' is not LEVEL=N; allowed: two whole numbers, as in --level-limit 1=2.");
                return limits;
            }

            limits[level] = limit;
        }

        return limits;
    }

    private static void Shutdown(PosixSignalContext signal, CancellationTokenSource shutdown)
    {
        signal.Cancel = true;
        try
        {
            shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The worker already stopped while the signal was being delivered.
        }
    }

    private static void Say(CliConsole console, string line)
    {
        console.Out.WriteLine(line);
        console.Out.Flush();
    }

    /// <summary><c>sleep</c>: waits <c>seconds</c> on the loop's clock (cancellable), then returns <c>result</c> if given.</summary>
    private static async Task<string?> SleepAsync(string payload, CancellationToken cancellation)
    {
        using var document = JsonDocument.Parse(payload);
        var seconds = document.RootElement.TryGetProperty("seconds", out var s) && s.TryGetDouble(out var value) ? value : 1;
        await Trio.Sleep(seconds);
        return document.RootElement.TryGetProperty("result", out var r) ? r.GetRawText() : null;
    }

    private static string? Text(string payload, string property)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty(property, out var value) ? value.ToString() : null;
    }
}
