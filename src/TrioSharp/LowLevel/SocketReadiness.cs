using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace TrioSharp.LowLevel;

/// <summary>
/// Waits for sockets to become readable or writable inside the loop's own idle wait (Trio's I/O manager): on Linux a
/// loop that owns its thread waits in <c>epoll</c> for its sockets, its deadlines and other threads' work at once, so a
/// socket that becomes ready wakes the loop's thread directly, with no runtime thread in between.
/// </summary>
/// <remarks>
/// <para>
/// Take it on the loop's thread with <see cref="Current"/>; the waits may then be started from any thread. A wait
/// completes on the loop's thread: code awaiting it with <c>ConfigureAwait(false)</c> continues there, at once, and
/// must not block; code awaiting it from a task continues in that task as usual.
/// </para>
/// <para>
/// One wait per socket and direction at a time (Trio's <c>BusyResourceError</c>). Readiness is a hint: the next
/// non-blocking call may still find nothing (<see cref="SocketError.WouldBlock"/>) and should wait again. An error or
/// a hang-up on the socket counts as ready both ways, so the next call reports it. A socket closed while a wait on it
/// is pending never becomes ready: cancel the wait first (the <see cref="CancellationToken"/>). While a wait is pending
/// the loop is not deadlocked and a virtual clock does not jump at once: the socket may still wake it.
/// </para>
/// </remarks>
public sealed partial class SocketReadiness
{
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollError = 0x008;
    private const uint EpollHangUp = 0x010;
    private const uint EpollReadHangUp = 0x2000;
    private const uint EpollOneShot = 1u << 30;
    private const int EpollAdd = 1;
    private const int EpollModify = 3;
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int NoSuchEntry = 2;
    private const int AlreadyExists = 17;
    private const ulong WakeMark = ulong.MaxValue;
    private const int MaxEvents = 64;

    // struct epoll_event is packed on x86 (12 bytes, the data at offset 4) and naturally aligned elsewhere (16, at 8).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;
    private static readonly int s_dataOffset = s_eventSize == 12 ? 4 : 8;

    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Lock _lock = new();

    // Per file descriptor: who waits on it and whether the epoll set knows it (under _lock).
    private readonly Dictionary<int, Interest> _interests = [];

    // The loop's thread only.
    private readonly byte[] _events = new byte[MaxEvents * 16];
    private readonly List<Waiter> _ready = [];
    private int _pending;
    private bool _disposed;

    private SocketReadiness(int epoll, int wakeFd)
    {
        _epoll = epoll;
        _wakeFd = wakeFd;
    }

    /// <summary>
    /// The current loop's socket waits, or null where the loop cannot wait for sockets itself: not on Linux, or a loop
    /// run by <see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/>, which gives its thread back while idle (use
    /// the runtime's own socket calls there).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a loop's thread.</exception>
    public static SocketReadiness? Current => Trio.CurrentRunner($"{nameof(SocketReadiness)}.{nameof(Current)}").Sockets;

    /// <summary>How many waits are pending (read by the loop to decide whether to look for ready sockets).</summary>
    internal int Pending => Volatile.Read(ref _pending);

    /// <summary>
    /// Completes when <paramref name="socket"/> has bytes to read, has reached its end, or has an error to report.
    /// </summary>
    /// <param name="socket">An open socket, in non-blocking mode for the calls that follow.</param>
    /// <param name="cancellationToken">Withdraws the wait; it then completes with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A wait that completes on the loop's thread.</returns>
    /// <exception cref="InvalidOperationException">Another wait for reading this socket is pending.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    /// <exception cref="SocketException">The socket cannot be watched (closed, or not a socket).</exception>
    public ValueTask WaitReadableAsync(Socket socket, CancellationToken cancellationToken = default) =>
        Wait(socket, writable: false, cancellationToken);

    /// <summary>
    /// Completes when <paramref name="socket"/> can take bytes to send (or has finished connecting), or has an error to report.
    /// </summary>
    /// <param name="socket">An open socket, in non-blocking mode for the calls that follow.</param>
    /// <param name="cancellationToken">Withdraws the wait; it then completes with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A wait that completes on the loop's thread.</returns>
    /// <exception cref="InvalidOperationException">Another wait for writing this socket is pending.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    /// <exception cref="SocketException">The socket cannot be watched (closed, or not a socket).</exception>
    public ValueTask WaitWritableAsync(Socket socket, CancellationToken cancellationToken = default) =>
        Wait(socket, writable: true, cancellationToken);

    /// <summary>Releases the epoll set when the run ends; pending waits fail with <see cref="RunFinishedException"/>.</summary>
    internal void Dispose()
    {
        List<Waiter> abandoned = [];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var interest in _interests.Values)
            {
                interest.TakeInto(EpollIn | EpollOut, abandoned);
            }

            _interests.Clear();
            _pending = 0;
        }

        foreach (var waiter in abandoned)
        {
            waiter.Complete(RunFinishedException.Create());
        }

        Close(_epoll);
        Close(_wakeFd);
    }

    /// <summary>Creates the loop's epoll set, or null where there is none (not Linux, or the system refused).</summary>
    internal static SocketReadiness? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var epoll = EpollCreate(CloseOnExec);
        if (epoll < 0)
        {
            return null;
        }

        var wakeFd = EventFd(0, CloseOnExec | NonBlocking);
        if (wakeFd < 0)
        {
            Close(epoll);
            return null;
        }

        Span<byte> wakeEvent = stackalloc byte[16];
        Describe(wakeEvent, EpollIn, WakeMark);
        if (EpollControl(epoll, EpollAdd, wakeFd, ref wakeEvent[0]) != 0)
        {
            Close(epoll);
            Close(wakeFd);
            return null;
        }

        return new SocketReadiness(epoll, wakeFd);
    }

    /// <summary>Interrupts <see cref="Poll"/> from another thread (a post, a signal, a stop).</summary>
    internal void Wake()
    {
        ulong one = 1;
        _ = Write(_wakeFd, ref one, sizeof(ulong));
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1: without limit; 0: only looks) for ready sockets or a
    /// <see cref="Wake"/>, and completes the waits of the sockets that are ready; returns how many it completed.
    /// </summary>
    internal int Poll(int timeoutMilliseconds)
    {
        var count = EpollWait(_epoll, ref _events[0], MaxEvents, timeoutMilliseconds);
        if (count <= 0)
        {
            // Interrupted by a signal, or nothing within the time: the loop looks at its work and comes back.
            return 0;
        }

        var woken = false;
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                var entry = _events.AsSpan(i * s_eventSize, s_eventSize);
                var events = BitConverter.ToUInt32(entry);
                var data = BitConverter.ToUInt64(entry[s_dataOffset..]);
                if (data == WakeMark)
                {
                    woken = true;
                    continue;
                }

                if (!_interests.TryGetValue((int)data, out var interest))
                {
                    continue;
                }

                // An error or a hang-up wakes both directions: the next call on the socket reports it.
                var ready = (events & (EpollError | EpollHangUp)) != 0 ? EpollIn | EpollOut : events;
                interest.TakeInto(ready, _ready);
                if (interest.Mask != 0)
                {
                    // The one-shot registration is spent; the other direction still waits.
                    TryArm((int)data, interest);
                }
            }

            _pending -= _ready.Count;
        }

        if (woken)
        {
            ulong drained = 0;
            _ = Read(_wakeFd, ref drained, sizeof(ulong));
        }

        var completed = _ready.Count;
        foreach (var waiter in _ready)
        {
            waiter.Complete(null);
        }

        _ready.Clear();
        return completed;
    }

    private ValueTask Wait(Socket socket, bool writable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        var direction = writable ? EpollOut : EpollIn;
        var waiter = new Waiter(this, fd, direction);
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.FromException(RunFinishedException.Create());
            }

            if (!_interests.TryGetValue(fd, out var interest))
            {
                interest = new Interest();
                _interests.Add(fd, interest);
            }

            if (interest.Get(direction) is not null)
            {
                throw new InvalidOperationException(
                    $"Another wait for {(writable ? "writing to" : "reading from")} this socket is pending; one task waits per socket "
                    + "and direction (wait for it to finish, or cancel it first).");
            }

            interest.Set(direction, waiter);
            var error = TryArm(fd, interest);
            if (error != 0)
            {
                interest.Set(direction, null);
                return ValueTask.FromException(new SocketException(error));
            }

            _pending++;

            // Under the lock, so the poll (which takes the waiter out under it and completes it after) sees the
            // registration to dispose. A token already cancelled runs the callback here, which withdraws the waiter.
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
            }
        }

        return new ValueTask(waiter, waiter.Version);
    }

    /// <summary>Asks epoll for the directions <paramref name="interest"/> waits on, once (under _lock); the error number if it refuses.</summary>
    private int TryArm(int fd, Interest interest)
    {
        Span<byte> description = stackalloc byte[16];
        Describe(description, interest.Mask | EpollOneShot, (ulong)fd);

        // Modify first: after the first wait the descriptor is known. A closed socket's number may have been reused by a
        // new one, which epoll does not know (ENOENT), and a number may be known from before (EEXIST).
        var operation = interest.Registered ? EpollModify : EpollAdd;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (EpollControl(_epoll, operation, fd, ref description[0]) == 0)
            {
                interest.Registered = true;
                return 0;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error is not (NoSuchEntry or AlreadyExists))
            {
                return error;
            }

            operation = error == NoSuchEntry ? EpollAdd : EpollModify;
        }

        return Marshal.GetLastPInvokeError();
    }

    private void Withdraw(Waiter waiter, Exception error)
    {
        lock (_lock)
        {
            if (!_interests.TryGetValue(waiter.Fd, out var interest) || interest.Get(waiter.Direction) != waiter)
            {
                // Completed (or withdrawn) already.
                return;
            }

            // The armed registration stays: an event for no waiter is skipped, and the next wait arms it again.
            interest.Set(waiter.Direction, null);
            _pending--;
        }

        waiter.Complete(error);
    }

    private static void Describe(Span<byte> description, uint events, ulong data)
    {
        description.Clear();
        BitConverter.TryWriteBytes(description, events);
        BitConverter.TryWriteBytes(description[s_dataOffset..], data);
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(int epoll, int operation, int fd, ref byte description);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, ref byte events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ref ulong value, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ref ulong value, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>The waits on one file descriptor.</summary>
    private sealed class Interest
    {
        private Waiter? _reader;
        private Waiter? _writer;

        /// <summary>Whether the epoll set holds this descriptor (it may have been closed and dropped since).</summary>
        internal bool Registered { get; set; }

        /// <summary>The directions waited on.</summary>
        internal uint Mask => (_reader is null ? 0 : EpollIn | EpollReadHangUp) | (_writer is null ? 0 : EpollOut);

        internal Waiter? Get(uint direction) => direction == EpollIn ? _reader : _writer;

        internal void Set(uint direction, Waiter? waiter)
        {
            if (direction == EpollIn)
            {
                _reader = waiter;
            }
            else
            {
                _writer = waiter;
            }
        }

        /// <summary>Moves the waiters that <paramref name="events"/> make ready to <paramref name="ready"/>.</summary>
        internal void TakeInto(uint events, List<Waiter> ready)
        {
            if (_reader is { } reader && (events & (EpollIn | EpollReadHangUp)) != 0)
            {
                _reader = null;
                ready.Add(reader);
            }

            if (_writer is { } writer && (events & EpollOut) != 0)
            {
                _writer = null;
                ready.Add(writer);
            }
        }
    }

    /// <summary>One pending wait; completed once, by the poll, a cancellation or the end of the run.</summary>
    private sealed class Waiter(SocketReadiness owner, int fd, uint direction) : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core;

        internal int Fd => fd;

        internal uint Direction => direction;

        internal short Version => _core.Version;

        internal CancellationTokenRegistration Registration { get; set; }

        internal void Cancel(CancellationToken token) => owner.Withdraw(this, new OperationCanceledException(token));

        internal void Complete(Exception? error)
        {
            Registration.Dispose();
            if (error is null)
            {
                _core.SetResult(true);
            }
            else
            {
                _core.SetException(error);
            }
        }

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
