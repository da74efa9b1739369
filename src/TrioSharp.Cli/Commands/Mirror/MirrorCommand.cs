using System.CommandLine;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp mirror</c>: serves the offline stand-ins for Project Gutenberg and the World Bank API.</summary>
internal static class MirrorCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var latency = new Option<int>("--latency-ms") { Description = "Delay added before every response, in milliseconds." };
        var failureRate = new Option<double>("--failure-rate") { Description = "Fraction (0 to 1) of requests answered 503." };
        var failFirst = new Option<int>("--fail-first") { Description = "Answer the first N requests for each URL with 503." };
        var throttleFirst = new Option<int>("--throttle-first") { Description = "Answer the next N requests for each URL with 429 and Retry-After." };
        var retryAfter = new Option<int>("--retry-after") { Description = "Seconds sent in Retry-After.", DefaultValueFactory = _ => 1 };
        var cutAt = new Option<long?>("--cut-body-at") { Description = "Cut the connection after this many body bytes." };
        var stallAt = new Option<long?>("--stall-body-at") { Description = "Stop sending after this many body bytes and hold the connection." };
        var ignoreRange = new Option<bool>("--ignore-range") { Description = "Ignore Range headers (always 200 with the whole file)." };
        var htmlFirst = new Option<int>("--html-first") { Description = "Answer the first N World Bank requests for each URL with an HTML error page." };
        var command = new Command("mirror", "Serve Project Gutenberg's three seed books and the World Bank v2 API on 127.0.0.1, with optional faults.\n"
            + "Examples:\n  triosharp mirror --port 8080\n  triosharp mirror --latency-ms 100 --failure-rate 0.1\n"
            + "  curl http://127.0.0.1:8080/v2/country?format=json")
        {
            port, latency, failureRate, failFirst, throttleFirst, retryAfter, cutAt, stallAt, ignoreRange, htmlFirst,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var faults = new MirrorFaults
            {
                Latency = TimeSpan.FromMilliseconds(result.GetValue(latency)),
                FailureRate = result.GetValue(failureRate),
                FailFirst = result.GetValue(failFirst),
                ThrottleFirst = result.GetValue(throttleFirst),
                RetryAfterSeconds = result.GetValue(retryAfter),
                CutBodyAt = result.GetValue(cutAt),
                StallBodyAt = result.GetValue(stallAt),
                IgnoreRange = result.GetValue(ignoreRange),
                HtmlFirst = result.GetValue(htmlFirst),
            };
            if (faults.FailureRate is < 0 or > 1 || double.IsNaN(faults.FailureRate))
            {
                console.Error("--failure-rate must be between 0 and 1.");
                return 2;
            }

            MirrorServer server;
            try
            {
                server = await MirrorServer.StartAsync(new MirrorOptions { Port = result.GetValue(port), Faults = faults }, cancellation);
            }
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                console.Error(e.Message);
                return 1;
            }

            await using (server)
            {
                console.Out.WriteLine($"Mirror listening on {server.BaseAddress} (Ctrl+C to stop)");
                foreach (var book in GutenbergBook.All)
                {
                    console.Out.WriteLine($"  {new Uri(server.BaseAddress, book.Path.TrimStart('/'))}  {book.Title}");
                }

                console.Out.WriteLine($"  {server.BaseAddress}v2/country?format=json");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                    console.Out.WriteLine("Mirror stopped.");
                }
            }

            return 0;
        });
        return command;
    }
}
