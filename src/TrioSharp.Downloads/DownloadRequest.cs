using System.Globalization;

namespace TrioSharp.Downloads;

/// <summary>One file to download: its URL, optionally the name to save it under and its expected SHA-256.</summary>
public sealed record DownloadRequest
{
    /// <summary>Creates a request, checking its parts.</summary>
    /// <param name="url">An absolute http:// or https:// URL.</param>
    /// <param name="fileName">A plain file name (no directories); null to take it from the server or the URL.</param>
    /// <param name="sha256">The expected SHA-256 as 64 hex digits, or null.</param>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), the name is not a plain file name, or the checksum is not 64 hex digits.</exception>
    public DownloadRequest(Uri url, string? fileName = null, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{url}' is not an absolute http:// or https:// URL.", nameof(url));
        }

        if (fileName is not null && SafeFileName.Sanitize(fileName) != fileName)
        {
            throw new ArgumentException(
                $"'{fileName}' is not a plain file name: no directories, '..', control characters or reserved characters.", nameof(fileName));
        }

        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 (64 hex digits).", nameof(sha256));
        }

        Url = url;
        FileName = fileName;
        Sha256 = sha256?.ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>The URL.</summary>
    public Uri Url { get; }

    /// <summary>The name to save under, or null to use <c>Content-Disposition</c> or the URL's last segment.</summary>
    public string? FileName { get; }

    /// <summary>The expected SHA-256 in lower-case hex, or null for no check.</summary>
    public string? Sha256 { get; }
}
