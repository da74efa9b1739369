using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrioSharp.Hosting;

namespace TrioSharp.Samples.Worker;

/// <summary>
/// Checks every configured URL on a fixed interval, one task per URL in the service's nursery, each check with a
/// time-out, at most <see cref="MonitorOptions.MaxConcurrency"/> at once. The host's stop cancels every check in flight.
/// </summary>
internal sealed partial class UrlMonitorService(
    TrioLoop loop, HttpClient http, MonitorResults results, IOptions<MonitorOptions> options, ILogger<UrlMonitorService> logger)
    : TrioBackgroundService(loop)
{
    protected override Task ExecuteAsync(Nursery nursery)
    {
        var settings = options.Value;
        if (settings.Urls.Count == 0)
        {
            LogNothingToWatch();
        }

        var limiter = new CapacityLimiter(settings.MaxConcurrency);
        foreach (var url in settings.Urls)
        {
            nursery.StartSoon(() => WatchAsync(url, settings, limiter), $"watch {url}");
        }

        return Task.CompletedTask;
    }

    private async Task WatchAsync(Uri url, MonitorOptions settings, CapacityLimiter limiter)
    {
        while (true)
        {
            string status;
            using (await limiter.AcquireScopeAsync())
            {
                status = await CheckAsync(url, TimeSpan.FromSeconds(settings.TimeoutSeconds));
            }

            var latest = results.Record(url, status);
            LogChecked(url, latest.Status, latest.Checks);
            await Trio.Sleep(settings.IntervalSeconds);
        }
    }

    private async Task<string> CheckAsync(Uri url, TimeSpan timeout)
    {
        var status = "timed out";
        await Trio.MoveOnAfter(timeout, async () =>
        {
            try
            {
                // The scope's token: the time-out, or the host's stop, cancels the request itself.
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Trio.CurrentCancellationToken);
                status = $"{(response.IsSuccessStatusCode ? "up" : "down")} ({(int)response.StatusCode})";
            }
            catch (HttpRequestException)
            {
                status = "unreachable";
            }
        });
        return status;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No URL to check: pass some, e.g. --Monitor:Urls:0 http://127.0.0.1:5000/")]
    private partial void LogNothingToWatch();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Url}: {Status} (check {Checks})")]
    private partial void LogChecked(Uri url, string status, int checks);
}
