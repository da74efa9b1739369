using System.Net;
using System.Net.Sockets;
using TrioSharp.LowLevel;

namespace TrioSharp.Downloads;

/// <summary>
/// A connected socket in non-blocking mode whose waits happen in the loop's own epoll set (<see cref="SocketReadiness"/>),
/// for <see cref="SocketsHttpHandler.ConnectCallback"/>.
/// </summary>
/// <remarks>
/// The runtime's sockets wait on a thread of their own, which reads the bytes and then wakes the loop: two threads
/// woken for every arrival, and on a busy machine each waits for a core. Here a read that finds nothing waits for the
/// loop to see the socket ready, so an arrival wakes the loop's thread only. Closing the stream (the handler does, to
/// cancel a request) withdraws its pending waits, which then fail with <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class LoopSocketStream : Stream
{
    private readonly Socket _socket;
    private readonly SocketReadiness _readiness;
    private readonly CancellationTokenSource _closed = new();

    private LoopSocketStream(Socket socket, SocketReadiness readiness)
    {
        _socket = socket;
        _readiness = readiness;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Connects to the first address of <paramref name="endPoint"/> that accepts, waiting in the loop's epoll set.</summary>
    /// <exception cref="SocketException">No address accepted; the last address's error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    internal static async ValueTask<Stream> ConnectAsync(SocketReadiness readiness, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            try
            {
                if (!TryConnect(socket, new IPEndPoint(address, endPoint.Port)))
                {
                    await readiness.WaitWritableAsync(socket, cancellationToken).ConfigureAwait(false);
                    var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                    if (error != SocketError.Success)
                    {
                        throw new SocketException((int)error);
                    }
                }

                return new LoopSocketStream(socket, readiness);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            // A zero-byte read waits for bytes without taking any, as a NetworkStream's does (SslStream and HTTP/2 use
            // them to wait before renting a buffer).
            return _socket.Available > 0 ? new ValueTask<int>(0) : WaitThenZeroAsync(cancellationToken);
        }

        // Most reads find bytes waiting: no state machine for them.
        try
        {
            var read = ReceiveNow(buffer.Span);
            return read >= 0 ? new ValueTask<int>(read) : ReadWhenReadyAsync(buffer, cancellationToken);
        }
        catch (IOException e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var sent = SendNow(buffer.Span);
            if (sent < 0)
            {
                await WaitAsync(writable: true, cancellationToken).ConfigureAwait(false);
                continue;
            }

            buffer = buffer[sent..];
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int read;
        while ((read = ReceiveNow(buffer)) < 0)
        {
            // A synchronous caller owns its thread: it may block there.
            _socket.Poll(-1, SelectMode.SelectRead);
        }

        return read;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var sent = SendNow(buffer);
            if (sent < 0)
            {
                _socket.Poll(-1, SelectMode.SelectWrite);
                continue;
            }

            buffer = buffer[sent..];
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed.IsCancellationRequested)
        {
            // Withdraw the waits before the descriptor closes: a closed socket never becomes ready.
            _closed.Cancel();
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A socket sets its non-blocking connect going: true if it connected at once, false if it is under way.</summary>
    private static bool TryConnect(Socket socket, IPEndPoint endPoint)
    {
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            return false;
        }
    }

    private static IOException Broken(SocketError error) =>
        new($"Unable to transfer data on the transport connection: {new SocketException((int)error).Message}.", new SocketException((int)error));

    /// <summary>Receives what has arrived: how many bytes (0 at the end of the stream), or -1 if nothing has yet.</summary>
    /// <exception cref="IOException">The connection failed.</exception>
    private int ReceiveNow(Span<byte> buffer)
    {
        var read = _socket.Receive(buffer, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => read,
            SocketError.WouldBlock => -1,
            _ => throw Broken(error),
        };
    }

    /// <summary>Sends what the socket takes now: how many bytes, or -1 if its buffer is full.</summary>
    /// <exception cref="IOException">The connection failed.</exception>
    private int SendNow(ReadOnlySpan<byte> buffer)
    {
        var sent = _socket.Send(buffer, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => sent,
            SocketError.WouldBlock => -1,
            _ => throw Broken(error),
        };
    }

    private async ValueTask<int> ReadWhenReadyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        do
        {
            await WaitAsync(writable: false, cancellationToken).ConfigureAwait(false);
        }
        while ((read = ReceiveNow(buffer.Span)) < 0);

        return read;
    }

    private async ValueTask<int> WaitThenZeroAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(writable: false, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Waits for the socket in the loop's epoll set; closing the stream or <paramref name="cancellationToken"/> ends the wait.</summary>
    private async ValueTask WaitAsync(bool writable, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token) : null;
        var token = linked?.Token ?? _closed.Token;
        try
        {
            if (writable)
            {
                await _readiness.WaitWritableAsync(_socket, token).ConfigureAwait(false);
            }
            else
            {
                await _readiness.WaitReadableAsync(_socket, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(LoopSocketStream));
        }
        catch (RunFinishedException e)
        {
            throw new IOException("The connection's TrioSharp loop has finished; it cannot be used any more.", e);
        }
    }
}
