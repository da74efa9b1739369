using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Reads the options that shape each request (<c>-H</c>, <c>-u</c>, <c>--proxy</c>, <c>--ca-cert</c>) into what the downloader takes;
/// throws <see cref="FormatException"/> with a one-line message naming the bad value.
/// </summary>
internal static class DownloadHttpSettings
{
    /// <summary>Parses <c>-H "Name: value"</c> values, in order.</summary>
    public static List<KeyValuePair<string, string>> Headers(IEnumerable<string> values)
    {
        var headers = new List<KeyValuePair<string, string>>();
        using var probe = new HttpRequestMessage();
        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? value[..colon].Trim() : string.Empty;
            var content = colon > 0 ? value[(colon + 1)..].Trim() : string.Empty;
            if (name.Length == 0)
            {
                throw new FormatException($"-H '{value}': a header looks like 'Name: value'.");
            }

            if (name.Equals("Range", StringComparison.OrdinalIgnoreCase) || name.Equals("If-Range", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"-H '{name}': the download sets Range and If-Range itself, to resume.");
            }

            // The probe refuses names that are not tokens and headers a GET cannot carry (Content-Type and the like).
            if (!probe.Headers.TryAddWithoutValidation(name, content))
            {
                throw new FormatException($"-H '{name}': not a request header a GET can send.");
            }

            headers.Add(new(name, content));
        }

        return headers;
    }

    /// <summary>Parses <c>-u USER:PASSWORD</c>; null when not given.</summary>
    public static NetworkCredential? User(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            ? new NetworkCredential(value[..colon], value[(colon + 1)..])
            : throw new FormatException("-u takes USER:PASSWORD (triosharp does not ask for the password).");
    }

    /// <summary>Parses <c>--proxy URL</c>: http, https, socks4, socks4a or socks5; null when not given.</summary>
    public static Uri? Proxy(string? value) =>
        value is null ? null
        : Uri.TryCreate(value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value, UriKind.Absolute, out var proxy)
            && proxy.Scheme is "http" or "https" or "socks4" or "socks4a" or "socks5"
            ? proxy
            : throw new FormatException($"--proxy '{value}' is not a proxy URL (http://HOST:PORT, https://, socks4://, socks4a:// or socks5://).");

    /// <summary>Reads <c>--ca-cert FILE</c>: the certificates of a PEM file (one or more), or one DER certificate; null when not given.</summary>
    public static X509Certificate2Collection? Authorities(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var authorities = new X509Certificate2Collection();
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                authorities.ImportFromPemFile(path);
            }
            else
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }

            return authorities;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new FormatException($"--ca-cert '{path}': cannot read certificates from it ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}); give a PEM or DER file.", e);
        }
    }
}
