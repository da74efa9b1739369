using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Reads what to download: URLs given as arguments, and lines of an input file or standard input
/// (<c>URL [NAME] [sha256:HEX]</c>, blank lines and <c># comments</c> skipped).
/// </summary>
internal static class DownloadInput
{
    private const string ChecksumPrefix = "sha256:";

    /// <summary>The requests, in order; throws <see cref="FormatException"/> with a one-line message naming the bad input.</summary>
    /// <param name="urls">URLs from the command line.</param>
    /// <param name="checksum">The <c>--checksum</c> value, allowed with exactly one URL.</param>
    /// <param name="inputFile">The <c>-i</c> value: a path, <c>-</c> for standard input, or null.</param>
    /// <param name="stdin">Standard input.</param>
    public static List<DownloadRequest> Read(IReadOnlyList<string> urls, string? checksum, string? inputFile, TextReader stdin)
    {
        var requests = urls.Select(url => Parse(url, null, null, $"'{url}'")).ToList();
        if (inputFile is not null)
        {
            var source = inputFile == "-" ? "standard input" : inputFile;
            var lines = inputFile == "-" ? ReadAll(stdin) : ReadFile(inputFile);
            for (var i = 0; i < lines.Count; i++)
            {
                var tokens = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (tokens.Length == 0 || tokens[0].StartsWith('#'))
                {
                    continue;
                }

                var sha = tokens.Skip(1).FirstOrDefault(t => t.StartsWith(ChecksumPrefix, StringComparison.OrdinalIgnoreCase));
                var name = string.Join(' ', tokens.Skip(1).Where(t => t != sha));
                requests.Add(Parse(tokens[0], name.Length == 0 ? null : name, sha, $"{source}:{i + 1}"));
            }
        }

        if (requests.Count == 0)
        {
            throw new FormatException("nothing to download: give URLs as arguments, or -i FILE (one URL per line), or -i - to read them from standard input.");
        }

        if (checksum is not null)
        {
            if (requests.Count != 1)
            {
                throw new FormatException(
                    $"--checksum applies to a single URL, and {requests.Count} were given; put 'URL [NAME] sha256:HEX' lines in an -i file instead.");
            }

            requests[0] = Parse(requests[0].Url.OriginalString, requests[0].FileName, checksum, "--checksum");
        }

        return requests;
    }

    private static DownloadRequest Parse(string url, string? name, string? checksum, string where)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{where}: '{url}' is not an absolute http:// or https:// URL.");
        }

        string? sha256 = null;
        if (checksum is not null)
        {
            if (!checksum.StartsWith(ChecksumPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"{where}: checksum '{checksum}' must look like sha256:HEX (the only algorithm supported).");
            }

            sha256 = checksum[ChecksumPrefix.Length..];
        }

        try
        {
            return new DownloadRequest(uri, name, sha256);
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new FormatException($"{where}: {message}", e);
        }
    }

    private static List<string> ReadAll(TextReader reader)
    {
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lines.Add(line);
        }

        return lines;
    }

    private static List<string> ReadFile(string path)
    {
        try
        {
            return [.. File.ReadAllLines(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read the input file '{path}': {e.Message}", e);
        }
    }
}
