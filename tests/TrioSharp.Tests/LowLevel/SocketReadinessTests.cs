using System.Net;
using System.Net.Sockets;
using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary>
/// The loop's own socket waits. They exist only where a loop owns its thread on Linux, so these tests run
/// <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/> whatever the suite's entry, over real loopback sockets, under
/// <see cref="RealTimeGuard"/>: a loop that never wakes fails the test instead of hanging the suite.
/// </summary>
public class SocketReadinessTests
{
    [Fact]
    public void Current_LoopOwnsItsThread_IsTheLoopsOwnOnLinux()
    {
        var (first, second) = Trio.Run(() => Task.FromResult((SocketReadiness.Current, SocketReadiness.Current)));

        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(first);
            Assert.Same(first, second);
        }
        else
        {
            Assert.Null(first);
        }
    }

    [Fact]
    public async Task Current_LoopRunByRunAsync_IsNull()
    {
        var readiness = await Trio.RunAsync(() => Task.FromResult(SocketReadiness.Current));

        Assert.Null(readiness);
    }

    [Fact]
    public void Current_OutsideALoop_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => SocketReadiness.Current);
    }

    [Fact]
    public void WaitReadableAsync_BytesArriveLater_CompletesOnceTheyHave()
    {
        using var pair = LoopbackPair.Open();
        var (pendingBefore, received) = RunGuarded(async readiness =>
        {
            var wait = readiness.WaitReadableAsync(pair.Server).AsTask();
            await Trio.Checkpoint();
            var pending = !wait.IsCompleted;
            pair.Client.Send([1, 2, 3]);
            await wait;
            return (pending, pair.Server.Receive(new byte[16]));
        });

        Assert.True(pendingBefore);
        Assert.Equal(3, received);
    }

    [Fact]
    public void WaitReadableAsync_PeerCloses_CompletesSoTheReadSeesTheEnd()
    {
        using var pair = LoopbackPair.Open();
        var received = RunGuarded(async readiness =>
        {
            var wait = readiness.WaitReadableAsync(pair.Server).AsTask();
            pair.Client.Shutdown(SocketShutdown.Send);
            await wait;
            return pair.Server.Receive(new byte[16]);
        });

        Assert.Equal(0, received);
    }

    [Fact]
    public void WaitWritableAsync_ConnectUnderWay_CompletesConnected()
    {
        using var listener = LoopbackPair.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        var error = RunGuarded(async readiness =>
        {
            try
            {
                client.Connect(listener.LocalEndPoint!);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                await readiness.WaitWritableAsync(client);
            }

            return (SocketError)(int)client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        });

        Assert.Equal(SocketError.Success, error);
        using var accepted = listener.Accept();
        Assert.True(accepted.Connected);
    }

    [Fact]
    public void WaitReadableAsync_TokenCancelled_FailsAndFreesTheDirectionForTheNextWait()
    {
        using var pair = LoopbackPair.Open();
        var (cancelled, received) = RunGuarded(async readiness =>
        {
            using var cancellation = new CancellationTokenSource();
            var first = readiness.WaitReadableAsync(pair.Server, cancellation.Token).AsTask();
            await cancellation.CancelAsync();
            var error = await Record.ExceptionAsync(() => first);
            var second = readiness.WaitReadableAsync(pair.Server).AsTask();
            pair.Client.Send([7]);
            await second;
            return (error, pair.Server.Receive(new byte[16]));
        });

        Assert.IsType<OperationCanceledException>(cancelled, exactMatch: false);
        Assert.Equal(1, received);
    }

    [Fact]
    public void WaitReadableAsync_AnotherReadWaitPending_ThrowsWhileTheWriteDirectionStaysFree()
    {
        using var pair = LoopbackPair.Open();
        var (busy, readStillWaiting) = RunGuarded(async readiness =>
        {
            using var cancellation = new CancellationTokenSource();
            var first = readiness.WaitReadableAsync(pair.Server, cancellation.Token).AsTask();
            var error = Record.Exception(() => { _ = readiness.WaitReadableAsync(pair.Server).AsTask(); });

            // An idle connection can take bytes: the write direction is independent, ready at once, and its readiness
            // does not end the read wait.
            await readiness.WaitWritableAsync(pair.Server);
            var waiting = !first.IsCompleted;
            await cancellation.CancelAsync();
            await Record.ExceptionAsync(() => first);
            return (error, waiting);
        });

        Assert.IsType<InvalidOperationException>(busy);
        Assert.True(readStillWaiting);
    }

    [Fact]
    public void WaitReadableAsync_StartedOnAnotherThread_CompletesOnTheLoopsThread()
    {
        using var pair = LoopbackPair.Open();
        var (loopThread, completedOn) = RunGuarded(async readiness =>
        {
            var loop = Environment.CurrentManagedThreadId;
            var completion = await Trio.ToThreadAsync(() => readiness.WaitReadableAsync(pair.Server).AsTask()
                .ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously));
            pair.Client.Send([1]);
            return (loop, await completion);
        });

        Assert.Equal(loopThread, completedOn);
    }

    [Fact]
    public void WaitReadableAsync_LoopNeverIdle_StillCompletes()
    {
        using var pair = LoopbackPair.Open();
        var checkpoints = RunGuarded(async readiness =>
        {
            var wait = readiness.WaitReadableAsync(pair.Server).AsTask();
            pair.Client.Send([1]);

            // This task is always runnable, so the loop never waits: it must look at the sockets between batches.
            var count = 0;
            while (!wait.IsCompleted && count < 1_000_000)
            {
                await Trio.Checkpoint();
                count++;
            }

            return wait.IsCompleted ? count : -1;
        });

        Assert.InRange(checkpoints, 0, 999_999);
    }

    [Fact]
    public void Poll_LoopWaitingOnASocket_AnotherThreadsWorkWakesIt()
    {
        using var pair = LoopbackPair.Open();
        var socketStillSilent = RunGuarded(async readiness =>
        {
            using var cancellation = new CancellationTokenSource();
            var idle = readiness.WaitReadableAsync(pair.Server, cancellation.Token).AsTask();
            var token = Trio.CurrentToken;
            var done = new TrioEvent();

            // The loop waits in its epoll set for the socket, which stays silent: only the token's post can wake it
            // (a loop that stays asleep fails the guard).
            var other = new Thread(() => token.RunSoon(done.Set));
            other.Start();
            await done.WaitAsync();
            other.Join();
            var silent = !idle.IsCompleted;
            await cancellation.CancelAsync();
            await Record.ExceptionAsync(() => idle);
            return silent;
        });

        Assert.True(socketStillSilent);
    }

    [Fact]
    public void WaitReadableAsync_TaskBlockedAndSocketSilent_LoopWaitsInsteadOfReportingADeadlock()
    {
        using var pair = LoopbackPair.Open();
        var received = RunGuarded(async readiness =>
        {
            var arrived = new TrioEvent();

            // The wait's continuation runs on the loop, outside any task, and sets the event: the only thing that can
            // wake the blocked task. The loop must not call that a deadlock.
            var wait = readiness.WaitReadableAsync(pair.Server).AsTask().ContinueWith(_ => arrived.Set(), TaskContinuationOptions.ExecuteSynchronously);
            var sender = new Thread(() => pair.Client.Send([5]));
            sender.Start();
            await arrived.WaitAsync();
            sender.Join();
            await wait;
            return pair.Server.Receive(new byte[16]);
        });

        Assert.Equal(1, received);
    }

    [Fact]
    public void WaitReadableAsync_RunEndsFirst_FailsWithRunFinished()
    {
        using var pair = LoopbackPair.Open();
        Task? wait = null;

        RunGuarded(readiness =>
        {
            wait = readiness.WaitReadableAsync(pair.Server).AsTask();
            return Task.FromResult(0);
        });

        Assert.IsType<RunFinishedException>(wait!.Exception?.InnerException);
    }

    /// <summary>Runs <paramref name="body"/> under Trio.Run with the loop's socket waits (the suite runs on Linux, which has them).</summary>
    private static T RunGuarded<T>(Func<SocketReadiness, Task<T>> body) =>
        RealTimeGuard.RunWith(() => Trio.Run(() => body(
            SocketReadiness.Current ?? throw new PlatformNotSupportedException("The loop waits for sockets itself only on Linux."))));

    /// <summary>A connected pair on loopback: the server side in non-blocking mode, as the waits expect.</summary>
    private sealed class LoopbackPair : IDisposable
    {
        private LoopbackPair(Socket client, Socket server)
        {
            Client = client;
            Server = server;
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public static Socket Listen()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            return listener;
        }

        public static LoopbackPair Open()
        {
            using var listener = Listen();
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            var server = listener.Accept();
            server.Blocking = false;
            return new LoopbackPair(client, server);
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
