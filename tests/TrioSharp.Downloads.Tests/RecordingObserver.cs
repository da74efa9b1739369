using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Records what a download reports, with the loop time of each event in seconds.</summary>
internal sealed class RecordingObserver : IDownloadObserver
{
    public List<string> Events { get; } = [];

    public List<(double At, TimeSpan Delay, DownloadException Failure)> Retries { get; } = [];

    public List<DownloadItem> Items { get; } = [];

    public void OnQueued(DownloadItem item) => Items.Add(item);

    public void OnStarted(DownloadItem item) => Events.Add($"{Now:0.###} started {item.Name}");

    public void OnRetrying(DownloadItem item, DownloadException failure, TimeSpan delay)
    {
        Retries.Add((Now, delay, failure));
        Events.Add($"{Now:0.###} retrying {item.Name} in {delay.TotalSeconds:0.###}: {failure.Reason}");
    }

    public void OnFinished(DownloadItem item, DownloadResult result) => Events.Add($"{Now:0.###} {result.State.ToString().ToLowerInvariant()} {item.Name}");

    private static double Now => Trio.CurrentTime.TotalSeconds;
}
