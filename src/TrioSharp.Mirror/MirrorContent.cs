namespace TrioSharp.Mirror;

/// <summary>
/// The bytes of an answer: held in memory, or generated on the fly so that a file of any size can be served
/// without holding it.
/// </summary>
internal abstract class MirrorContent
{
    /// <summary>No bytes.</summary>
    public static MirrorContent Empty { get; } = new BytesContent(ReadOnlyMemory<byte>.Empty);

    /// <summary>The number of bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Content held in memory.</summary>
    public static MirrorContent FromBytes(ReadOnlyMemory<byte> bytes) => new BytesContent(bytes);

    /// <summary>The bytes from <paramref name="start"/>, <paramref name="count"/> of them.</summary>
    public abstract MirrorContent Slice(long start, long count);

    /// <summary>Writes the first <paramref name="count"/> bytes to <paramref name="destination"/>.</summary>
    public abstract Task WriteAsync(Stream destination, long count, CancellationToken cancellationToken);

    private sealed class BytesContent(ReadOnlyMemory<byte> bytes) : MirrorContent
    {
        public override long Length => bytes.Length;

        public override MirrorContent Slice(long start, long count) => new BytesContent(bytes.Slice((int)start, (int)count));

        public override Task WriteAsync(Stream destination, long count, CancellationToken cancellationToken) =>
            destination.WriteAsync(bytes[..(int)count], cancellationToken).AsTask();
    }
}
