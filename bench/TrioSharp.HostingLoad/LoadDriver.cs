using System.Diagnostics;
using System.Globalization;

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
        using var server = StartServer();
        var address = await server.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The server printed no address.");
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromMinutes(2),
        };

        Console.WriteLine($"Hosting load run on .NET {Environment.Version}, {Environment.ProcessorCount} cores; server {address}, {rounds} rounds per handler and concurrency.");
        var idle = await http.GetStringAsync("/threads");
        Console.WriteLine($"Server thread pool before any load: {idle.Split(' ')[1]} threads.");
        Console.WriteLine();
        Console.WriteLine("| concurrent | handler | requests | median ms | p99 ms | max ms | requests/s | pool threads (max) | median / plain | p99 / plain |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var concurrency in new[] { 100, 1000 })
        {
            // Warm-up: JIT, connections (1,000 of them are opened here, not in a measured round).
            foreach (var handler in Handlers)
            {
                await RoundAsync(http, handler, concurrency);
            }

            var latencies = Handlers.ToDictionary(h => h, _ => new List<double>());
            var elapsed = Handlers.ToDictionary(h => h, _ => 0.0);
            var threads = Handlers.ToDictionary(h => h, _ => 0);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var handler in Handlers)
                {
                    await http.PostAsync("/threads/reset", null);
                    var clock = Stopwatch.StartNew();
                    latencies[handler].AddRange(await RoundAsync(http, handler, concurrency));
                    elapsed[handler] += clock.Elapsed.TotalSeconds;
                    var sampled = int.Parse((await http.GetStringAsync("/threads")).Split(' ')[0], CultureInfo.InvariantCulture);
                    threads[handler] = Math.Max(threads[handler], sampled);
                }
            }

            var plain = Summary.Of(latencies["plain"]);
            foreach (var handler in Handlers)
            {
                var s = Summary.Of(latencies[handler]);
                Console.WriteLine(FormattableString.Invariant(
                    $"| {concurrency:N0} | {handler} | {s.Count:N0} | {s.Median:F1} | {s.P99:F1} | {s.Max:F1} | {s.Count / elapsed[handler]:F0} | {threads[handler]} | {s.Median / plain.Median:F2}x | {s.P99 / plain.P99:F2}x |"));
            }
        }

        var after = await http.GetStringAsync("/threads");
        Console.WriteLine();
        Console.WriteLine($"Server thread pool after the run: {after.Split(' ')[1]} threads.");
        server.StandardInput.Close();
        await server.WaitForExitAsync();
        return 0;
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

    private static Process StartServer()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LoadDriver).Assembly.Location);
        }

        start.ArgumentList.Add("server");
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
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
