// The durable scheduler's fleet benchmark, side by side with Hangfire.PostgreSql on the same PostgreSQL:
//   eng/with-postgres.sh dotnet run -c Release --project bench/TrioSharp.Scheduling.Fleet -- run
// or, against a server of your own:
//   dotnet run -c Release --project bench/TrioSharp.Scheduling.Fleet -- run --db "Host=...;Username=..." [--jobs 10000] [--workers 1,2,4] [--concurrency 4] [--samples 200] [--runs 3]
// Each throughput cell is the median of --runs runs, the two sides alternating; latency is one series of --samples per side.
// Prints a Markdown table (docs/benchmarks.md#durable-scheduler). The worker processes are `triosharp scheduler
// worker` for TrioSharp and `TrioSharp.Scheduling.Fleet hangfire-worker` (a BackgroundJobServer) for Hangfire.
using System.Globalization;
using TrioSharp.Scheduling.Fleet;

var arguments = FleetArguments.Parse(args);
if (arguments.Mode == "hangfire-worker")
{
    HangfireSide.RunWorker(arguments);
    return 0;
}

if (arguments.Mode != "run")
{
    Console.Error.WriteLine("usage: TrioSharp.Scheduling.Fleet run [--db CS] [--jobs N] [--workers 1,2,4] [--concurrency N] [--samples N]");
    return 2;
}

var sides = new IFleetSide[] { new TrioSharpSide(arguments), new HangfireSide(arguments) };
var rows = new List<string>();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arguments.Jobs} no-op jobs per run, {arguments.Concurrency} jobs at once per worker process, median of {arguments.Runs} runs; {arguments.Samples} latency samples."));
foreach (var workers in arguments.Workers)
{
    var runs = sides.Select(_ => new List<double>()).ToList();
    for (var run = 0; run < arguments.Runs; run++)
    {
        for (var side = 0; side < sides.Length; side++)
        {
            var perSecond = await sides[side].ThroughputAsync(workers);
            runs[side].Add(perSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sides[side].Name}, {workers} worker(s), run {run + 1}: {perSecond:F0} jobs/s"));
        }
    }

    var medians = runs.Select(r => r.Order().ElementAt(r.Count / 2)).ToList();
    rows.Add(string.Create(CultureInfo.InvariantCulture, $"| throughput, {workers} worker process(es) | {medians[0]:F0} jobs/s | {medians[1]:F0} jobs/s | {medians[0] / medians[1]:F2}x |"));
}

var latencies = new List<(double Median, double P99)>();
foreach (var side in sides)
{
    var samples = await side.LatencyAsync();
    samples.Sort();
    var latency = (Median: samples[samples.Count / 2], P99: samples[(int)Math.Ceiling(samples.Count * 0.99) - 1]);
    latencies.Add(latency);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {side.Name}, add-to-start: median {latency.Median:F1} ms, p99 {latency.P99:F1} ms"));
}

rows.Add(string.Create(CultureInfo.InvariantCulture, $"| add-to-start median, 1 idle worker | {latencies[0].Median:F1} ms | {latencies[1].Median:F1} ms | {latencies[1].Median / latencies[0].Median:F2}x faster |"));
rows.Add(string.Create(CultureInfo.InvariantCulture, $"| add-to-start p99, 1 idle worker | {latencies[0].P99:F1} ms | {latencies[1].P99:F1} ms | {latencies[1].P99 / latencies[0].P99:F2}x faster |"));
Console.WriteLine();
Console.WriteLine("| measure | TrioSharp.Scheduling.PostgreSql | Hangfire.PostgreSql | TrioSharp vs Hangfire |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
rows.ForEach(Console.WriteLine);
return 0;
