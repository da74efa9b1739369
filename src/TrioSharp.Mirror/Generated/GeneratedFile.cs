using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TrioSharp.Mirror;

/// <summary>
/// A file of any size whose bytes the mirror computes from its name, size and revision, served at
/// <c>/data/{size}/{name}</c> (e.g. <c>/data/16K/a.bin</c>, <c>/data/1G/big.bin</c>) without holding it in memory.
/// </summary>
/// <remarks>
/// Sizes take an optional binary suffix: <c>K</c> (KiB), <c>M</c> (MiB) or <c>G</c> (GiB). A <c>filename</c>
/// query parameter is sent back as <c>Content-Disposition</c>, verbatim (control characters and <c>../</c>
/// included), to test how clients sanitise names. Generated files have strong ETags, <c>Last-Modified</c>, and
/// answer <c>Range</c>/<c>If-Range</c> like the books.
/// </remarks>
/// <param name="Name">The last path segment.</param>
/// <param name="Size">The length in bytes.</param>
public sealed record GeneratedFile(string Name, long Size)
{
    /// <summary>The path prefix of generated files.</summary>
    public const string Prefix = "/data/";

    /// <summary>The largest size served (64 GiB).</summary>
    public const long MaxSize = 64L << 30;

    /// <summary>The path on the mirror, e.g. <c>/data/16384/a.bin</c>.</summary>
    public string Path => $"{Prefix}{Size.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Name)}";

    /// <summary>Parses a size such as <c>16384</c>, <c>16K</c>, <c>10M</c> or <c>1G</c>.</summary>
    /// <returns>False if the text is not a size between 0 and <see cref="MaxSize"/>.</returns>
    public static bool TryParseSize(string text, out long size)
    {
        ArgumentNullException.ThrowIfNull(text);
        size = 0;
        var shift = text.Length == 0 ? 0 : char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        var digits = shift == 0 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxSize >> shift)
        {
            return false;
        }

        size = value << shift;
        return true;
    }

    /// <summary>The file named by a mirror path (<c>/data/{size}/{name}</c>), or null if the path names none.</summary>
    public static GeneratedFile? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1 || !TryParseSize(rest[..slash], out var size))
        {
            return null;
        }

        var name = rest[(slash + 1)..];
        return name.Contains('/', StringComparison.Ordinal) ? null : new GeneratedFile(name, size);
    }

    /// <summary>The strong ETag of a revision's bytes.</summary>
    public string ETag(int variant = 0) => $"\"g{Seed(variant):x16}\"";

    /// <summary>The whole content of a revision (for files that fit in memory, such as tests use).</summary>
    /// <exception cref="InvalidOperationException">The file is larger than 1 GiB.</exception>
    public byte[] Content(int variant = 0)
    {
        if (Size > 1L << 30)
        {
            throw new InvalidOperationException($"{Name} is {Size} bytes; read it in slices with Fill instead.");
        }

        var bytes = new byte[Size];
        Fill(0, bytes, variant);
        return bytes;
    }

    /// <summary>Writes the bytes at <paramref name="offset"/> of a revision into <paramref name="destination"/>.</summary>
    public void Fill(long offset, Span<byte> destination, int variant = 0)
    {
        var seed = Seed(variant);
        var word = offset >> 3;
        var i = 0;
        Span<byte> scratch = stackalloc byte[8];
        if ((offset & 7) != 0)
        {
            var skip = (int)(offset & 7);
            BinaryPrimitives.WriteUInt64LittleEndian(scratch, Mix(seed, word++));
            i = Math.Min(8 - skip, destination.Length);
            scratch.Slice(skip, i).CopyTo(destination);
        }

        var whole = (destination.Length - i) / 8;
        var words = MemoryMarshal.Cast<byte, ulong>(destination.Slice(i, whole * 8));
        for (var k = 0; k < words.Length; k++)
        {
            var value = Mix(seed, word + k);
            words[k] = BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
        }

        word += whole;
        i += whole * 8;
        if (i < destination.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(scratch, Mix(seed, word));
            scratch[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    /// <summary>The revision's content as a body the mirror streams in chunks.</summary>
    internal MirrorContent Body(int variant) => new GeneratedContent(0, Size, (offset, span) => Fill(offset, span, variant));

    // SplitMix64 of the word index: every word can be computed on its own, so ranges start anywhere.
    private static ulong Mix(ulong seed, long word)
    {
        var z = seed + (ulong)(word + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private ulong Seed(int variant)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in Name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash ^ ((ulong)Size * 0xD6E8FEB86659FD93UL) ^ ((ulong)(variant + 1) << 56);
    }
}
