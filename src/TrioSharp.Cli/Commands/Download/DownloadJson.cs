using System.Text.Json;
using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary>Reports each finished download as one JSON object on its own line (JSON Lines), for scripts.</summary>
/// <remarks>Fields: name, url, path, bytes, sha256, seconds, attempts, status (completed, failed, cancelled), error.</remarks>
internal sealed class DownloadJson(TextWriter output) : IDownloadObserver
{
    /// <inheritdoc/>
    public void OnFinished(DownloadItem item, DownloadResult result) => output.WriteLine(Format(result));

    /// <summary>One result as a JSON object on one line.</summary>
    public static string Format(DownloadResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", result.FileName);
            json.WriteString("url", result.Request.Url.AbsoluteUri);
            json.WriteString("path", result.Path);
            json.WriteNumber("bytes", result.Bytes);
            json.WriteString("sha256", result.Sha256);
            json.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteNumber("attempts", result.Attempts);
            json.WriteString("status", result.State.ToString().ToLowerInvariant());
            json.WriteString("error", result.Error?.Message);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
