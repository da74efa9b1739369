using TrioSharp.Downloads;

namespace TrioSharp.Cli.Seeds;

/// <summary>Task 2: download three classic books concurrently and save each as "&lt;name&gt;.txt".</summary>
/// <remarks>
/// The books go through the download engine (<see cref="Downloader"/>): each is streamed to "&lt;name&gt;.txt.part"
/// and renamed only when complete, so a final name never holds a partial file. The seed's behaviour is kept:
/// one attempt per book, existing books replaced, and nothing left behind by a book that fails.
/// </remarks>
internal static class Task2
{
    /// <summary>Book names and their paths on Project Gutenberg, in the seed's order.</summary>
    public static readonly (string Name, string Path)[] FilesToDownload =
    [
        ("War and Peace", "files/2600/2600-0.txt"),
        ("Pride and Prejudice", "cache/epub/1342/pg1342.txt"),
        ("The Adventures of Sherlock Holmes", "files/1661/1661-0.txt"),
    ];

    public static async Task RunAsync(SeedSettings settings)
    {
        var output = settings.Output;
        SeedIo.EnsureWritableDirectory(settings.DownloadDirectory);
        var options = new DownloadOptions
        {
            Directory = settings.DownloadDirectory,
            MaxConcurrency = FilesToDownload.Length,
            MaxAttempts = 1,
            Collision = CollisionPolicy.Overwrite,
            KeepPartialFiles = false,
        };
        using var downloader = new Downloader(options);
        var requests = new List<DownloadRequest>();
        foreach (var (name, path) in FilesToDownload)
        {
            output.WriteLine($"({requests.Count + 1}) Downloading {name}...");
            requests.Add(new DownloadRequest(new Uri(settings.Gutenberg, path), name + ".txt"));
        }

        var results = await downloader.DownloadAllAsync(requests, new FinishedLines(output));
        var failures = results.Where(r => r.Error is not null).Select(r => SeedIo.Explain(r.Error!)).ToList();
        if (failures.Count > 0)
        {
            throw new ExceptionGroup(failures);
        }
    }

    /// <summary>Prints the seed's "Finished downloading &lt;name&gt;" line as each book completes.</summary>
    private sealed class FinishedLines(TextWriter output) : IDownloadObserver
    {
        public void OnFinished(DownloadItem item, DownloadResult result)
        {
            if (result.State == DownloadState.Completed)
            {
                output.WriteLine($"Finished downloading {FilesToDownload[item.Index].Name}");
            }
        }
    }
}
