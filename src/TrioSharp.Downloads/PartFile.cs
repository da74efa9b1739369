using System.Security.Cryptography;

namespace TrioSharp.Downloads;

/// <summary>
/// The <c>.part</c> file a download writes into, with its length and (optionally) the running SHA-256 of its bytes.
/// </summary>
/// <remarks>
/// Writes are synchronous on the loop's thread: they land in the page cache in microseconds, and cleanup in a
/// cancelled task needs no await. Only fsync, which can take milliseconds, leaves the loop.
/// </remarks>
internal sealed class PartFile : IDisposable
{
    private readonly FileStream _stream;
    private IncrementalHash? _hash;

    private PartFile(string path, FileStream stream, bool hash)
    {
        Path = path;
        _stream = stream;
        Length = stream.Length;
        _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Opens <paramref name="path"/>, keeping its bytes when <paramref name="resume"/> (and hashing them if needed).</summary>
    public static PartFile Open(string path, bool resume, bool hash)
    {
        var stream = new FileStream(
            path, resume ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        var part = new PartFile(path, stream, hash);
        if (part._hash is { } running && part.Length > 0)
        {
            stream.Position = 0;
            var buffer = new byte[81920];
            for (int n; (n = stream.Read(buffer)) > 0;)
            {
                running.AppendData(buffer, 0, n);
            }
        }

        stream.Position = part.Length;
        return part;
    }

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _stream.Write(bytes);
        _hash?.AppendData(bytes);
        Length += bytes.Length;
    }

    /// <summary>Empties the file, to start again from zero.</summary>
    public void Truncate()
    {
        if (Length == 0)
        {
            return;
        }

        _stream.SetLength(0);
        Length = 0;
        if (_hash is not null)
        {
            _hash.Dispose();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    /// <summary>The SHA-256 of the bytes written, in lower-case hex, or null if not hashing.</summary>
    public string? Sha256() => _hash is null ? null : Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>Flushes the file's bytes to the disk, off the loop's thread.</summary>
    public Task FlushToDiskAsync() => Task.Run(() => _stream.Flush(flushToDisk: true));

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        _hash?.Dispose();
    }
}
