using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Runs downloads on a fresh loop: real time against a real server, or virtual time against a scripted handler.</summary>
internal static class Run
{
    /// <summary>Runs on the system clock on a thread of its own (so the test's thread never blocks the server).</summary>
    public static Task<IReadOnlyList<DownloadResult>> RealAsync(DownloadOptions options, IEnumerable<DownloadRequest> requests, IDownloadObserver? observer = null) =>
        Task.Run(() => Trio.Run(async () =>
        {
            using var downloader = new Downloader(options);
            return await downloader.DownloadAllAsync(requests, observer);
        }));

    /// <summary>Runs on an autojumping virtual clock, every request answered by <paramref name="handler"/>.</summary>
    public static IReadOnlyList<DownloadResult> Virtual(
        DownloadOptions options, HttpMessageHandler handler, IEnumerable<DownloadRequest> requests, IDownloadObserver? observer = null) =>
        Trio.Run(
            async () =>
            {
                using var downloader = new Downloader(options, handler);
                return await downloader.DownloadAllAsync(requests, observer);
            },
            new TrioRunOptions { Clock = new VirtualClock() });

    /// <summary>Fast retries for real-time tests: 10 ms base back-off, no jitter.</summary>
    public static DownloadOptions Fast(string directory) => new()
    {
        Directory = directory,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        Jitter = new FixedRandom(0),
        ComputeSha256 = true,
    };

    public static DownloadRequest Get(Uri server, string path, string? name = null, string? sha256 = null) =>
        new(new Uri(server, path.TrimStart('/')), name, sha256);
}
