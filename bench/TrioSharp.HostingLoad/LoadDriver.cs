using System.Diagnostics;

namespace TrioSharp.HostingLoad;

/// <summary>
/// Starts the server in a child process and sends it rounds of concurrent requests: every request of a round at once,
/// the next round when all have answered. Handlers take turns round by round, so a busy moment on the shared machine
/// hits all three alike.
/// </summary>
internal static class LoadDriver
{
    private static readonly string[] Handlers = ["plain", "per-request", "shared"];

    internal static async Task<int> RunAsync(int rounds)
    {
        await using (var server = await LoadServerProcess.StartAsync())
        {
            Console.WriteLine($"Hosting load run on .NET {Environment.Version}, {Environment.ProcessorCount} cores; {rounds} rounds per handler and concurrency.");
            Console.WriteLine($"Server thread pool before any load: {await server.ThreadsNowAsync()} threads.");
            Console.WriteLine();
            Console.WriteLine("| concurrent | handler | requests | median ms | p99 ms | max ms | requests/s | median / plain | p99 / plain |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var concurrency in new[] { 100, 1000 })
            {
                await CompareAsync(server.Http, concurrency, rounds);
            }
        }

        // Threads: the pool grows and shrinks slowly, so each handler gets a fresh server to itself, three times over
        // (handlers taking turns), since other work on the machine also makes the pool add threads.
        const int repetitions = 3;
        Console.WriteLine();
        Console.WriteLine($"Thread-pool threads of a fresh server per handler (sampled every 5 ms), 1,000 concurrent requests, {repetitions} servers each:");
        Console.WriteLine();
        Console.WriteLine("| handler | idle before | max under load | after the last round |");
        Console.WriteLine("| --- | --- | --- | --- |");
        var samples = Handlers.ToDictionary(h => h, _ => new List<(int Before, int Max, int After)>());
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            foreach (var handler in Handlers)
            {
                await using var server = await LoadServerProcess.StartAsync();
                var before = await server.ThreadsNowAsync();
                await server.ResetThreadsAsync();
                for (var round = 0; round < Math.Max(3, rounds / 3); round++)
                {
                    await RoundAsync(server.Http, handler, 1000);
                }

                samples[handler].Add((before, await server.MaxThreadsAsync(), await server.ThreadsNowAsync()));
            }
        }

        foreach (var handler in Handlers)
        {
            var list = samples[handler];
            Console.WriteLine(
                $"| {handler} | {string.Join(", ", list.Select(s => s.Before))} | {string.Join(", ", list.Select(s => s.Max))} | {string.Join(", ", list.Select(s => s.After))} |");
        }

        return 0;
    }

    private static async Task CompareAsync(HttpClient http, int concurrency, int rounds)
    {
        // Warm-up: JIT, connections (1,000 of them are opened here, not in a measured round).
        foreach (var handler in Handlers)
        {
            await RoundAsync(http, handler, concurrency);
        }

        var latencies = Handlers.ToDictionary(h => h, _ => new List<double>());
        var elapsed = Handlers.ToDictionary(h => h, _ => 0.0);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var handler in Handlers)
            {
                var clock = Stopwatch.StartNew();
                latencies[handler].AddRange(await RoundAsync(http, handler, concurrency));
                elapsed[handler] += clock.Elapsed.TotalSeconds;
            }
        }

        var plain = Summary.Of(latencies["plain"]);
        foreach (var handler in Handlers)
        {
            var s = Summary.Of(latencies[handler]);
            Console.WriteLine(FormattableString.Invariant(
                $"| {concurrency:N0} | {handler} | {s.Count:N0} | {s.Median:F1} | {s.P99:F1} | {s.Max:F1} | {s.Count / elapsed[handler]:F0} | {s.Median / plain.Median:F2}x | {s.P99 / plain.P99:F2}x |"));
        }
    }

    private static async Task<List<double>> RoundAsync(HttpClient http, string handler, int concurrency)
    {
        var requests = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/{handler}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsStringAsync();
            return clock.Elapsed.TotalMilliseconds;
        });
        return [.. await Task.WhenAll(requests)];
    }

    private readonly record struct Summary(int Count, double Median, double P99, double Max)
    {
        internal static Summary Of(List<double> values)
        {
            var sorted = values.Order().ToArray();
            return new Summary(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1]);
        }

        private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }
}
