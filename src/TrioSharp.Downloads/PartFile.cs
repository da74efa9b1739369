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
    private readonly SafeFileHandle? _handle;
    private readonly Stream? _output;
    private IncrementalHash? _hash;
    private bool _hashFromDisk;

    private PartFile(string path, SafeFileHandle? handle, Stream? output, long length, bool hash)
    {
        Path = path;
        _handle = handle;
        _output = output;
        Length = length;
        _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>The file's path, or "standard output" style text for a stream.</summary>
    public string Path { get; }

    /// <summary>Whether the bytes go to a stream the caller gave (standard output) rather than a <c>.part</c> file: nothing is kept, renamed or resumed from disk.</summary>
    public bool IsOutput => _output is not null;

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
                return new PartFile(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None), null, 0, hash);
            }
            catch (IOException) when (File.Exists(path))
            {
                // It appeared since the directory was read: open it like any existing part.
            }
        }

        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var part = new PartFile(path, handle, null, RandomAccess.GetLength(handle), hash);
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

    /// <summary>Writes to <paramref name="output"/> instead of a file, named <paramref name="name"/> in messages; the caller keeps the stream.</summary>
    public static PartFile ForOutput(Stream output, string name, bool hash) => new(name, null, output, 0, hash);

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        try
        {
            if (_output is not null)
            {
                _output.Write(bytes);
            }
            else
            {
                WriteInPieces(bytes, Length);
            }
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
        if (_handle is null)
        {
            return;
        }

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

    /// <summary>
    /// Gives the file its whole <paramref name="length"/> at once, for ranges written at their offsets
    /// (<see cref="WriteAt"/>); <see cref="Length"/> is then that length, and the SHA-256 is read back from the disk.
    /// </summary>
    public void Preallocate(long length)
    {
        RandomAccess.SetLength(_handle!, length);
        Length = length;
        _hashFromDisk = _hash is not null || _hashFromDisk;
        _hash?.Dispose();
        _hash = null;
    }

    /// <summary>Writes bytes at <paramref name="offset"/> of a preallocated file.</summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> bytes) => WriteInPieces(bytes, offset);

    // A buffer goes to the file in writes of at most PieceBytes. Linux (6.x, ext4) sizes the page cache's folios by the
    // length of each write: a 512 KiB write asks for 512 KiB of contiguous memory. On a virtual machine that hands its
    // large free blocks back to the host (free page reporting, as here), touching such memory again faults in the host
    // page by page, and copying into the page cache took three times as long as the same bytes in smaller writes did:
    // 100 × 10 MiB at 8 at a time took 0.7 to 2.7 s in 512 KiB writes, 0.47 to 0.52 s in 32 KiB ones (wget2, whose
    // writes are about 95 KiB: 0.55 to 0.61 s). The extra calls cost nothing measurable.
    private const int PieceBytes = 32 * 1024;

    private void WriteInPieces(ReadOnlySpan<byte> bytes, long offset)
    {
        for (var done = 0; done < bytes.Length; done += PieceBytes)
        {
            RandomAccess.Write(_handle!, bytes.Slice(done, Math.Min(PieceBytes, bytes.Length - done)), offset + done);
        }
    }

    /// <summary>Empties the file, to start again from zero.</summary>
    /// <exception cref="IOException">The bytes went to a stream, which cannot take them back.</exception>
    public void Truncate()
    {
        if (Length == 0)
        {
            return;
        }

        if (_handle is null)
        {
            throw new IOException($"cannot start again from byte 0: {Length} bytes already went there");
        }

        RandomAccess.SetLength(_handle, 0);
        Length = 0;
        if (_hash is not null || _hashFromDisk)
        {
            _hash?.Dispose();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _hashFromDisk = false;
        }
    }

    /// <summary>The SHA-256 of the bytes written, in lower-case hex, or null if not hashing.</summary>
    public string? Sha256()
    {
        if (_hashFromDisk)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            long offset = 0;
            for (int n; (n = RandomAccess.Read(_handle!, buffer, offset)) > 0; offset += n)
            {
                hash.AppendData(buffer, 0, n);
            }

            return Convert.ToHexStringLower(hash.GetCurrentHash());
        }

        return _hash is null ? null : Convert.ToHexStringLower(_hash.GetCurrentHash());
    }

    /// <summary>Flushes an output stream's buffers (a no-op for files, whose writes are not buffered).</summary>
    public void FlushOutput() => _output?.Flush();

    /// <summary>Flushes the file's bytes to the disk, off the loop's thread.</summary>
    public Task FlushToDiskAsync() => _handle is null ? Task.CompletedTask : Task.Run(() => RandomAccess.FlushToDisk(_handle));

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _handle?.Dispose();
        _hash?.Dispose();
    }
}
