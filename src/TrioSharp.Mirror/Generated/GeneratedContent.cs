using System.Buffers;

namespace TrioSharp.Mirror;

/// <summary>Bytes computed from their offset by <paramref name="fill"/>, written in pooled chunks.</summary>
internal sealed class GeneratedContent(long offset, long length, Action<long, Span<byte>> fill) : MirrorContent
{
    private const int ChunkSize = 64 * 1024;

    /// <inheritdoc/>
    public override long Length => length;

    /// <inheritdoc/>
    public override MirrorContent Slice(long start, long count) => new GeneratedContent(offset + start, count, fill);

    /// <inheritdoc/>
    public override async Task WriteAsync(Stream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long done = 0; done < count;)
            {
                var n = (int)Math.Min(ChunkSize, count - done);
                fill(offset + done, buffer.AsSpan(0, n));
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
