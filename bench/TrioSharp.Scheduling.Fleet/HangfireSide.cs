using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace TrioSharp.Scheduling.Fleet;

/// <summary>
/// Hangfire 1.8 on Hangfire.PostgreSql 1.21, configured for speed: LISTEN/NOTIFY long polling on, a 50 ms queue
/// poll as its fallback, a BackgroundJobServer per worker process with the same number of workers.
/// </summary>
internal sealed class HangfireSide(FleetArguments arguments) : IFleetSide
{
    private int _run;

    public string Name => "Hangfire";

    /// <summary>The job every Hangfire worker runs: nothing.</summary>
    public static void Noop()
    {
    }

    /// <summary>The <c>hangfire-worker</c> mode: one BackgroundJobServer until killed.</summary>
    public static void RunWorker(FleetArguments arguments)
    {
        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = arguments.Concurrency, ServerName = $"fleet-{Environment.ProcessId}" },
            Storage(arguments.Database, arguments.Schema));
        Console.WriteLine("hangfire ready");
        Thread.Sleep(Timeout.Infinite);
    }

    public async Task<double> ThroughputAsync(int workers)
    {
        var schema = NewSchema();
        var client = new BackgroundJobClient(Storage(arguments.Database, schema));
        await Parallel.ForAsync(0, arguments.Jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (_, _) =>
        {
            client.Enqueue(() => Noop());
            return ValueTask.CompletedTask;
        });
        var processes = await StartWorkersAsync(schema, workers);
        try
        {
            await using var source = NpgsqlDataSource.Create(arguments.Database);
            var done = await Completion.WaitAsync(() => ScalarAsync<long>(source, $"select count(*) from {schema}.state where name = 'Succeeded'"), arguments.Jobs, Name);

            var seconds = await ScalarAsync<double>(source, $"select extract(epoch from max(createdat) - min(createdat))::float8 from {schema}.state where name = 'Succeeded'");
            return (done - 1) / seconds;
        }
        finally
        {
            await WorkerProcesses.StopAsync(processes);
        }
    }

    public async Task<List<double>> LatencyAsync()
    {
        var schema = NewSchema();
        var client = new BackgroundJobClient(Storage(arguments.Database, schema));
        var processes = await StartWorkersAsync(schema, 1);
        var samples = new List<double>();
        try
        {
            await using var source = NpgsqlDataSource.Create(arguments.Database);
            await Task.Delay(1000);
            for (var i = 0; i < arguments.Samples; i++)
            {
                var before = DateTime.UtcNow;
                var id = long.Parse(client.Enqueue(() => Noop()), CultureInfo.InvariantCulture);
                DateTime? started;
                while ((started = await ScalarAsync<DateTime?>(source, $"select min(createdat) from {schema}.state where jobid = {id} and name = 'Processing'")) is null)
                {
                    await Task.Delay(1);
                }

                samples.Add((DateTime.SpecifyKind(started.Value, DateTimeKind.Utc) - before).TotalMilliseconds);
                await Task.Delay(20);
            }
        }
        finally
        {
            await WorkerProcesses.StopAsync(processes);
        }

        return samples;
    }

    private static PostgreSqlStorage Storage(string database, string schema)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = schema,
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(50),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database, options, null), options);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }

    private string NewSchema() => string.Create(CultureInfo.InvariantCulture, $"bench_hangfire_{Environment.ProcessId}_{++_run}");

    private Task<List<System.Diagnostics.Process>> StartWorkersAsync(string schema, int count) => WorkerProcesses.StartAsync(
        count,
        _ => [Path.Combine(AppContext.BaseDirectory, "TrioSharp.Scheduling.Fleet.dll"), "hangfire-worker", "--db", arguments.Database, "--schema", schema,
            "--concurrency", arguments.Concurrency.ToString(CultureInfo.InvariantCulture)],
        "hangfire ready");
}
