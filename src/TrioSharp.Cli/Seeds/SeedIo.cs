using System.Net.Http.Headers;
using System.Text.Json;
using TrioSharp.Downloads;

namespace TrioSharp.Cli.Seeds;

/// <summary>The seed programs' HTTP and file access, turning the failures a user can fix into <see cref="SeedException"/>.</summary>
internal static class SeedIo
{
    private const string ServerHint = "Use --offline to run against the embedded mirror, or --gutenberg-url / --worldbank-url to point at another server.";

    /// <summary>Sends a GET and returns the response once its headers arrive; fails on connection errors and non-success codes.</summary>
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri url, CancellationToken token)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (HttpRequestException e)
        {
            throw new SeedException($"cannot reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message} {ServerHint}", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new SeedException($"{url} answered HTTP {status} {response.ReasonPhrase}. Check the URL, or {ServerHint[0..1].ToLowerInvariant()}{ServerHint[1..]}");
        }

        return response;
    }

    /// <summary>The seed's message for a failed download: the engine's reason, plus how to reach another server when that may help.</summary>
    public static SeedException Explain(DownloadException error) => error.Reason switch
    {
        DownloadFailure.Connection or DownloadFailure.ConnectTimeout => new SeedException($"{error.Message} {ServerHint}", error),
        DownloadFailure.HttpStatus => new SeedException($"{error.Message.TrimEnd('.')}. Check the URL, or {ServerHint[0..1].ToLowerInvariant()}{ServerHint[1..]}", error),
        _ => new SeedException($"{error.Message} The partial file was removed. Try again.", error),
    };

    /// <summary>Creates <paramref name="directory"/> if needed and checks that files can be written in it.</summary>
    public static void EnsureWritableDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".triosharp-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SeedException($"cannot write to the download directory '{directory}': {e.Message} Choose another one with --output.", e);
        }
    }
}
