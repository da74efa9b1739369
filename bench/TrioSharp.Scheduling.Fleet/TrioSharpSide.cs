using System.Globalization;
using Npgsql;
using TrioSharp.Scheduling.PostgreSql;

namespace TrioSharp.Scheduling.Fleet;

/// <summary>TrioSharp.Scheduling.PostgreSql with <c>triosharp scheduler worker</c> processes.</summary>
internal sealed class TrioSharpSide(FleetArguments arguments) : IFleetSide
{
    private int _run;

    public string Name => "TrioSharp";

    public async Task<double> ThroughputAsync(int workers)
    {
        await using var scheduler = await NewSchedulerAsync();
        await Parallel.ForAsync(0, arguments.Jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) => await scheduler.AddAsync("noop", "{}", 1 + (i % 5), cancellationToken: token));
        var processes = await StartWorkersAsync(scheduler, workers);
        try
        {
            await using var source = NpgsqlDataSource.Create(arguments.Database);
            var done = await Completion.WaitAsync(() => CountAsync(source, scheduler, "completed"), arguments.Jobs, Name);

            // Exactly once (no worker is killed here): one start and one completion per job.
            await using (var once = source.CreateCommand(
                $"select count(*) = count(distinct job_id) and count(*) = {arguments.Jobs} from {scheduler.Options.Schema}.events where kind = 'started'"))
            {
                if (!(bool)(await once.ExecuteScalarAsync())!)
                {
                    throw new InvalidOperationException("A job started more than once, or not at all: the run is invalid.");
                }
            }

            await using var window = source.CreateCommand(
                $"select extract(epoch from max(at) - min(at)) from {scheduler.Options.Schema}.events where kind = 'completed'");
            var seconds = Convert.ToDouble(await window.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return (done - 1) / seconds;
        }
        finally
        {
            await WorkerProcesses.StopAsync(processes);
        }
    }

    public async Task<List<double>> LatencyAsync()
    {
        await using var scheduler = await NewSchedulerAsync();
        var processes = await StartWorkersAsync(scheduler, 1);
        var samples = new List<double>();
        try
        {
            await Task.Delay(1000);
            for (var i = 0; i < arguments.Samples; i++)
            {
                var before = DateTimeOffset.UtcNow;
                var id = await scheduler.AddAsync("noop", "{}", 1);
                DurableEvent? started;
                while ((started = (await scheduler.GetEventsAsync(jobId: id)).FirstOrDefault(e => e.Kind == "started")) is null)
                {
                    await Task.Delay(1);
                }

                samples.Add((started.At - before).TotalMilliseconds);
                await Task.Delay(20);
            }
        }
        finally
        {
            await WorkerProcesses.StopAsync(processes);
        }

        return samples;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource source, DurableScheduler scheduler, string kind)
    {
        await using var count = source.CreateCommand($"select count(*) from {scheduler.Options.Schema}.events where kind = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = kind });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<DurableScheduler> NewSchedulerAsync()
    {
        var schema = string.Create(CultureInfo.InvariantCulture, $"bench_triosharp_{Environment.ProcessId}_{++_run}");
        var scheduler = new DurableScheduler(arguments.Database, new DurableSchedulerOptions { Schema = schema });
        await scheduler.MigrateAsync();
        return scheduler;
    }

    private Task<List<System.Diagnostics.Process>> StartWorkersAsync(DurableScheduler scheduler, int count) => WorkerProcesses.StartAsync(
        count,
        i => [Path.Combine(AppContext.BaseDirectory, "TrioSharp.Cli.dll"), "scheduler", "worker", "--db", arguments.Database, "--schema", scheduler.Options.Schema,
            "--concurrency", arguments.Concurrency.ToString(CultureInfo.InvariantCulture), "--name", $"w{i + 1}"],
        "worker listening");
}
