using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace TrioSharp.Downloads;

/// <summary>
/// The <c>.part</c> file a download writes into, with its length and (optionally) the running SHA-256 of its bytes.
/// </summary>
/// <remarks>
/// Writes are synchronous on the loop's thread: they land in the page cache in microseconds, and cleanup in a
/// cancelled task needs no await. Only fsync, which can take milliseconds, leaves the loop. The file is opened
/// without sharing: a second downloader (of this or another .NET process) cannot write the same <c>.part</c>.
/// </remarks>
internal sealed class PartFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private IncrementalHash? _hash;

    private PartFile(string path, SafeFileHandle handle, long length, bool hash)
    {
        Path = path;
        _handle = handle;
        Length = length;
        _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Opens <paramref name="path"/>, keeping its bytes when <paramref name="resume"/> (and hashing them if needed).</summary>
    /// <param name="path">The file.</param>
    /// <param name="resume">Keep the bytes already there; otherwise the file starts empty.</param>
    /// <param name="hash">Keep a running SHA-256 of the bytes.</param>
    /// <param name="expectNew">The file was not there a moment ago: create it without the calls an existing file needs.</param>
    public static PartFile Open(string path, bool resume, bool hash, bool expectNew = false)
    {
        if (expectNew)
        {
            try
            {
                return new PartFile(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None), 0, hash);
            }
            catch (IOException) when (File.Exists(path))
            {
                // It appeared since the directory was read: open it like any existing part.
            }
        }

        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var part = new PartFile(path, handle, RandomAccess.GetLength(handle), hash);
        if (!resume)
        {
            part.Truncate();
        }
        else if (part._hash is { } running && part.Length > 0)
        {
            var buffer = new byte[81920];
            long offset = 0;
            for (int n; (n = RandomAccess.Read(handle, buffer, offset)) > 0; offset += n)
            {
                running.AppendData(buffer, 0, n);
            }
        }

        return part;
    }

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        try
        {
            RandomAccess.Write(_handle, bytes, Length);
        }
        catch (IOException)
        {
            // A write that failed midway (disk full) may have left some of its bytes: cut them off, so the file holds
            // exactly the Length bytes it reports and a resume continues from there.
            TryCutBack();
            throw;
        }

        _hash?.AppendData(bytes);
        Length += bytes.Length;
    }

    private void TryCutBack()
    {
        try
        {
            RandomAccess.SetLength(_handle, Length);
        }
        catch (IOException)
        {
            // Shrinking needs no space and rarely fails; if it does, the next open finds more bytes than the
            // metadata's length and truncates, or restarts without metadata.
        }
    }

    /// <summary>Empties the file, to start again from zero.</summary>
    public void Truncate()
    {
        if (Length == 0)
        {
            return;
        }

        RandomAccess.SetLength(_handle, 0);
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
    public Task FlushToDiskAsync() => Task.Run(() => RandomAccess.FlushToDisk(_handle));

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _handle.Dispose();
        _hash?.Dispose();
    }
}
