using System.Globalization;
using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Reports downloads as plain lines in the seed's style, one per event, for pipes and log files:
/// <c>(n) Downloading X...</c>, <c>Finished downloading X</c>, plus retry and failure lines; or, for
/// <c>--quiet</c>, only the failure lines.
/// </summary>
internal sealed class DownloadLines(TextWriter output, bool failuresOnly = false) : IDownloadObserver
{
    private int _started;

    /// <inheritdoc/>
    public void OnStarted(DownloadItem item)
    {
        ++_started;
        if (!failuresOnly)
        {
            output.WriteLine($"({_started}) Downloading {item.Name}...");
        }
    }

    /// <inheritdoc/>
    public void OnRetrying(DownloadItem item, DownloadException failure, TimeSpan delay)
    {
        if (failuresOnly)
        {
            return;
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"Retrying {item.Name} in {delay.TotalSeconds:0.0} s (attempt {item.Attempts + 1}): {failure.Message}"));
    }

    /// <summary>Why a file was skipped: no request at all means --skip-existing found it; one answered means -N found it current.</summary>
    public static string SkipReason(DownloadResult result) => result.Attempts == 0 ? "already there" : "up to date";

    /// <inheritdoc/>
    public void OnFinished(DownloadItem item, DownloadResult result)
    {
        switch (result.State)
        {
            case DownloadState.Completed when !failuresOnly:
                output.WriteLine(result.FileName == item.Name
                    ? $"Finished downloading {item.Name}"
                    : $"Finished downloading {item.Name} (saved as {result.FileName})");
                break;
            case DownloadState.Skipped when !failuresOnly:
                output.WriteLine($"Skipped {item.Name}: {SkipReason(result)}");
                break;
            case DownloadState.Failed:
                output.WriteLine($"Failed downloading {item.Name}: {result.Error?.Message}");
                break;
        }
    }
}
