using System.Net.Http.Headers;
using System.Text;

namespace TrioSharp.Downloads;

/// <summary>Turns names from URLs and servers into plain file names that stay inside the download directory.</summary>
internal static class SafeFileName
{
    /// <summary>The name used when a URL has no last segment.</summary>
    public const string Fallback = "index.html";

    private const int MaxUtf8Bytes = 200;
    private static readonly string[] DeviceNames = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3"];

    /// <summary>
    /// The last path component of <paramref name="raw"/>, without control characters or characters Windows
    /// reserves, trimmed; null when nothing usable is left (empty, <c>.</c>, <c>..</c>).
    /// </summary>
    public static string? Sanitize(string raw)
    {
        var last = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var text = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                continue;
            }

            text.Append(c is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : c);
        }

        var name = text.ToString().Trim().TrimEnd('.', ' ');
        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return null;
        }

        var stem = name.Split('.')[0];
        if (DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            name = "_" + name;
        }

        return Shorten(name);
    }

    /// <summary>The sanitised last segment of the URL's path, or <see cref="Fallback"/>.</summary>
    public static string FromUrl(Uri url)
    {
        var path = url.AbsolutePath;
        var segment = path[(path.LastIndexOf('/') + 1)..];
        return Sanitize(Uri.UnescapeDataString(segment)) ?? Fallback;
    }

    /// <summary>The sanitised name a <c>Content-Disposition</c> header suggests (<c>filename*</c> first), or null.</summary>
    public static string? FromContentDisposition(ContentDispositionHeaderValue? disposition)
    {
        var raw = disposition?.FileNameStar ?? disposition?.FileName;
        return string.IsNullOrEmpty(raw) ? null : Sanitize(raw.Trim('"'));
    }

    /// <summary>Appends <c>.n</c> before the extension: <c>a.txt</c> → <c>a.1.txt</c>.</summary>
    public static string WithSuffix(string name, int n)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 ? $"{name[..dot]}.{n}{name[dot..]}" : $"{name}.{n}";
    }

    // File systems limit names to 255 bytes; leave room for ".part.meta" and collision suffixes.
    private static string Shorten(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxUtf8Bytes)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : string.Empty;
        var stem = name[..(name.Length - extension.Length)];
        while (Encoding.UTF8.GetByteCount(stem) + Encoding.UTF8.GetByteCount(extension) > MaxUtf8Bytes)
        {
            stem = char.IsLowSurrogate(stem[^1]) ? stem[..^2] : stem[..^1];
        }

        return stem + extension;
    }
}
