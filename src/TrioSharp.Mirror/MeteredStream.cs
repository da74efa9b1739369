namespace TrioSharp.Mirror;

/// <summary>
/// The response body as the mirror writes it: counts every byte into the server's total and, when a rate is set,
/// paces the bytes so that one response never goes faster than that rate.
/// </summary>
/// <remarks>
/// Paced writes are split into chunks of at most <see cref="Chunk"/> bytes so that the pace is smooth and the count
/// moves as the bytes go out (tests drive kills from it); unpaced ones pass through whole.
/// </remarks>
internal sealed class MeteredStream(Stream inner, Action<long> sent, long? bytesPerSecond, TimeProvider time) : Stream
{
    private const int Chunk = 16 * 1024;
    private readonly long _started = time.GetTimestamp();
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var chunk = bytesPerSecond is null ? buffer : buffer[..Math.Min(buffer.Length, Chunk)];
            if (bytesPerSecond is { } rate)
            {
                // Due when the bytes already written would have taken their share of time at the rate.
                var wait = TimeSpan.FromSeconds((double)_written / rate) - time.GetElapsedTime(_started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
            }

            await inner.WriteAsync(chunk, cancellationToken);
            _written += chunk.Length;
            sent(chunk.Length);
            buffer = buffer[chunk.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
}
