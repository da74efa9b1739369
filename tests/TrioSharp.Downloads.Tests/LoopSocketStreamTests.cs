using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using TrioSharp.Downloads;
using TrioSharp.LowLevel;

namespace TrioSharp.Downloads.Tests;

/// <summary>
/// The connection stream whose waits happen in the loop's epoll set, over real loopback sockets, each test on a loop of
/// its own under a generous real-time bound (a wait that is never woken fails the test instead of hanging it).
/// </summary>
public sealed class LoopSocketStreamTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public LoopSocketStreamTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
    }

    private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task ConnectAsync_NothingListens_ThrowsConnectionRefused()
    {
        var port = Port;
        _listener.Dispose();

        var error = await OnLoop(async readiness =>
            await Record.ExceptionAsync(async () => await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", port), default)));

        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(error).SocketErrorCode);
    }

    [Fact]
    public async Task ConnectAsync_HostName_ConnectsToTheAddressItResolvesTo()
    {
        var received = await OnLoop(async readiness =>
        {
            await using var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("localhost", Port), default);
            using var server = await _listener.AcceptAsync();
            await stream.WriteAsync("ping"u8.ToArray());
            var buffer = new byte[16];
            return System.Text.Encoding.ASCII.GetString(buffer, 0, server.Receive(buffer));
        });

        Assert.Equal("ping", received);
    }

    [Fact]
    public async Task ReadAsync_BytesArriveAfterTheReadStarted_ReturnsThem()
    {
        var received = await OnLoop(async readiness =>
        {
            await using var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", Port), default);
            using var server = await _listener.AcceptAsync();
            var buffer = new byte[16];
            var read = stream.ReadAsync(buffer).AsTask();
            var pendingBefore = !read.IsCompleted;
            server.Send("hello"u8);
            var count = await read;
            return (pendingBefore, Text: System.Text.Encoding.ASCII.GetString(buffer, 0, count));
        });

        Assert.True(received.pendingBefore);
        Assert.Equal("hello", received.Text);
    }

    [Fact]
    public async Task ReadAsync_ZeroBytes_WaitsForBytesAndLeavesThemToTheNextRead()
    {
        var (pendingBefore, zero, received) = await OnLoop(async readiness =>
        {
            await using var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", Port), default);
            using var server = await _listener.AcceptAsync();
            var wait = stream.ReadAsync(Memory<byte>.Empty).AsTask();
            var pending = !wait.IsCompleted;
            server.Send("abc"u8);
            var none = await wait;
            return (pending, none, await stream.ReadAsync(new byte[16]));
        });

        Assert.True(pendingBefore);
        Assert.Equal(0, zero);
        Assert.Equal(3, received);
    }

    [Fact]
    public async Task ReadAsync_PeerClosedItsSide_ReturnsZero()
    {
        var read = await OnLoop(async readiness =>
        {
            await using var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", Port), default);
            using var server = await _listener.AcceptAsync();
            server.Shutdown(SocketShutdown.Send);
            return await stream.ReadAsync(new byte[16]);
        });

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task WriteAsync_MoreThanTheSocketBuffers_PeerReceivesEveryByteInOrder()
    {
        var bytes = new byte[16 * 1024 * 1024];
        new Random(3).NextBytes(bytes);

        var received = await OnLoop(async readiness =>
        {
            var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", Port), default);
            var server = await _listener.AcceptAsync();

            // The peer reads on a thread of its own, so the writer meets full socket buffers and has to wait.
            var reader = Task.Run(() =>
            {
                using (server)
                {
                    var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    var buffer = new byte[64 * 1024];
                    int count;
                    while ((count = server.Receive(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, count);
                    }

                    return hash.GetHashAndReset();
                }
            });
            await stream.WriteAsync(bytes);
            await stream.DisposeAsync(); // the peer reads to the end
            return await Trio.ToThreadAsync(() => reader.GetAwaiter().GetResult());
        });

        Assert.Equal(SHA256.HashData(bytes), received);
    }

    [Fact]
    public async Task Dispose_ReadPending_TheReadFailsAsClosed()
    {
        var error = await OnLoop(async readiness =>
        {
            var stream = await LoopSocketStream.ConnectAsync(readiness, new DnsEndPoint("127.0.0.1", Port), default);
            using var server = await _listener.AcceptAsync();
            var read = stream.ReadAsync(new byte[16]).AsTask();
            await stream.DisposeAsync();
            return await Record.ExceptionAsync(() => read);
        });

        Assert.IsType<ObjectDisposedException>(error);
    }

    /// <summary>Runs <paramref name="body"/> on a loop of its own that waits for its sockets itself (Linux, Trio.Run).</summary>
    private static Task<T> OnLoop<T>(Func<SocketReadiness, Task<T>> body) =>
        Task.Run(() => Trio.Run(() => body(
            SocketReadiness.Current ?? throw new PlatformNotSupportedException("The loop waits for sockets itself only on Linux.")))).WaitAsync(Bound);
}
