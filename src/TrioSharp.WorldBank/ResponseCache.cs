using System.Security.Cryptography;
using System.Text;

namespace TrioSharp.WorldBank;

/// <summary>Answers kept on disk, one file per URL, so a second run needs no network.</summary>
/// <remarks>
/// Files are written to a temporary name and renamed into place, so a run stopped half-way (or two runs at
/// once) never leave a truncated answer under a URL's name.
/// </remarks>
internal sealed class ResponseCache(string directory, TimeProvider clock)
{
    /// <summary>The directory entries are kept in.</summary>
    public string Directory => directory;

    /// <summary>The cached body for <paramref name="url"/>, or null when there is none or it is older than <paramref name="maxAge"/> (null: any age).</summary>
    public async Task<byte[]?> TryReadAsync(Uri url, TimeSpan? maxAge)
    {
        var path = PathFor(url);
        try
        {
            if (!File.Exists(path) || (maxAge is { } age && clock.GetUtcNow() - File.GetLastWriteTimeUtc(path) > age))
            {
                return null;
            }

            return await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable entry is only a miss: the answer is fetched again and the entry rewritten.
            return null;
        }
    }

    /// <summary>Stores <paramref name="body"/> as the answer for <paramref name="url"/>.</summary>
    /// <exception cref="WorldBankException">The cache directory cannot be written.</exception>
    public async Task WriteAsync(Uri url, byte[] body)
    {
        var path = PathFor(url);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(temporary, body);

            // Stamped with the cache's clock, which ages it on reading: the file system's own time may be another clock.
            File.SetLastWriteTimeUtc(temporary, clock.GetUtcNow().UtcDateTime);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new WorldBankException($"cannot write the cache directory '{directory}': {e.Message}", url, e);
        }
    }

    private string PathFor(Uri url)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri));
        return Path.Combine(directory, Convert.ToHexStringLower(hash.AsSpan(0, 20)) + ".json");
    }
}
