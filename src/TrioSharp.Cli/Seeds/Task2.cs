namespace TrioSharp.Cli.Seeds;

/// <summary>Task 2: download three classic books concurrently and save each as "&lt;name&gt;.txt".</summary>
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
        using var client = new HttpClient();
        await Nursery.RunAsync(nursery =>
        {
            var number = 0;
            foreach (var (name, path) in FilesToDownload)
            {
                output.WriteLine($"({++number}) Downloading {name}...");
                var url = new Uri(settings.Gutenberg, path);
                nursery.StartSoon(() => DownloadFile(url, client, name, settings.DownloadDirectory, output), $"download_file({name})");
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Streams one book to "&lt;name&gt;.txt.part" and renames it to "&lt;name&gt;.txt" only when the body is complete,
    /// so a final name never holds a partial file.
    /// </summary>
    private static async Task DownloadFile(Uri url, HttpClient client, string name, string downloadDir, TextWriter output)
    {
        var token = Trio.CurrentCancellationToken;
        using var response = await SeedIo.GetAsync(client, url, token);
        var path = Path.Combine(downloadDir, name + ".txt");
        var partial = path + ".part";
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await response.Content.CopyToAsync(file, token);
            }

            if (response.Content.Headers.ContentLength is { } length && new FileInfo(partial).Length != length)
            {
                throw new SeedException($"{url} sent {new FileInfo(partial).Length} of {length} bytes; the partial file was removed. Try again.");
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        output.WriteLine($"Finished downloading {name}");
    }
}
