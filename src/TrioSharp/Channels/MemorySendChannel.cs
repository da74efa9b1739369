using System.Threading.Channels;

namespace TrioSharp;

/// <summary>
/// The sending end of a memory channel: one handle, closed on its own; <see cref="Clone"/> makes more.
/// </summary>
/// <remarks>
/// <para>
/// Items go to the receiver that has waited longest, else into the buffer, else the sender waits in FIFO order.
/// Receivers see <see cref="EndOfChannelException"/> once every send handle (the original and every clone) is
/// closed and the buffer is drained, so each producer should own a clone and close it when done
/// (<c>await using</c>). Once every receive handle is closed, sends raise <see cref="BrokenResourceException"/>.
/// </para>
/// <para>
/// Checkpoints: <see cref="SendAsync"/> is always a cancel point, and a schedule point whenever it waits; a send
/// that completes at once yields only once per 64 channel operations of the task (a deviation from Trio, where
/// every send yields, made because that trip through the run queue is most of a send's cost).
/// <see cref="TrySend"/>, <see cref="Clone"/> and <see cref="Close"/> are synchronous and never let another task
/// run. All members must be used on the loop's thread.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[System.Diagnostics.DebuggerDisplay("MemorySendChannel closed={_closed}, {Statistics}")]
public sealed class MemorySendChannel<T> : IAsyncDisposable
{
    internal const string BrokenMessage =
        "Every receive handle of this memory channel is closed, so nothing can ever receive what is sent; stop "
        + "sending and close this send handle.";

    private const string ClosedMessage =
        "This MemorySendChannel was closed (Close or DisposeAsync) and cannot be used any more; send through a "
        + "handle that is still open (Clone one before closing).";

    private static readonly Func<Exception> s_closedError = static () => new ClosedResourceException(ClosedMessage);

    private readonly MemoryChannelState<T> _state;
    private bool _closed;

    internal MemorySendChannel(MemoryChannelState<T> state) => _state = state;

    /// <summary>Whether this handle was closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>A snapshot of the channel's state, the same from every handle of the channel.</summary>
    public MemoryChannelStatistics Statistics => _state.Statistics;

    /// <summary>
    /// Sends <paramref name="value"/>, waiting while the buffer is full and no receiver waits. A cancel point, and
    /// a schedule point when it waits (and once per 64 channel operations otherwise).
    /// </summary>
    /// <remarks>
    /// If the scope is already cancelled, yields, then raises <see cref="Cancelled"/> and sends nothing. If the
    /// item can be delivered at once it is, and the call returns without ever raising <see cref="Cancelled"/> (if
    /// the budget makes it yield, that yield cannot raise): a delivered item is never reported as cancelled.
    /// Otherwise the task waits; if the wait is cancelled, the item is withdrawn and not delivered.
    /// </remarks>
    /// <exception cref="Cancelled">The current scope was cancelled; the item was not sent.</exception>
    /// <exception cref="ClosedResourceException">This handle is closed, or was closed while the send waited.</exception>
    /// <exception cref="BrokenResourceException">Every receive handle is closed, or was closed while the send waited.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or while the task awaits another wait.</exception>
    /// <param name="value">The value the caller of <c>StartAsync</c> receives.</param>
    /// <returns>A wait that completes once the item is delivered or buffered.</returns>
    public ValueTask SendAsync(T value) => SendCore(_state.Loop.Task("MemorySendChannel.SendAsync"), value, null, default);

    /// <summary>
    /// Sends <paramref name="value"/> if that needs no wait (a receiver waits or the buffer has room). Not a
    /// checkpoint; never switches tasks.
    /// </summary>
    /// <returns>True if the item was delivered; false if sending would have to wait.</returns>
    /// <exception cref="ClosedResourceException">This handle is closed.</exception>
    /// <exception cref="BrokenResourceException">Every receive handle is closed.</exception>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    /// <param name="value">The value the caller of <c>StartAsync</c> receives.</param>
    public bool TrySend(T value)
    {
        _state.Loop.Check("MemorySendChannel.TrySend");
        ThrowIfUnusable();
        return _state.TryDeliver(value);
    }

    /// <summary>
    /// Makes another send handle for the same channel; the channel ends for receivers only when every handle
    /// is closed. Not a checkpoint.
    /// </summary>
    /// <exception cref="ClosedResourceException">This handle is closed: clone before closing.</exception>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    /// <returns>A new, open handle to the same channel.</returns>
    public MemorySendChannel<T> Clone()
    {
        _state.Loop.Check("MemorySendChannel.Clone");
        if (_closed)
        {
            throw new ClosedResourceException(ClosedMessage);
        }

        _state.OpenSenders++;
        return new MemorySendChannel<T>(_state);
    }

    /// <summary>
    /// Closes this handle: sends waiting on it raise <see cref="ClosedResourceException"/>; when it is the
    /// last open send handle, receivers get <see cref="EndOfChannelException"/> once the buffer is drained.
    /// Idempotent; not a checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    public void Close()
    {
        _state.Loop.Check("MemorySendChannel.Close");
        if (_closed)
        {
            return;
        }

        _closed = true;
        _state.CloseSender(this, s_closedError);
    }

    /// <summary>
    /// Closes this handle (<see cref="Close"/>), yielding to other tasks under the same budget as a send. Never
    /// raises <see cref="Cancelled"/> (Trio's <c>aclose</c> can), so an <c>await using</c> block never hides the
    /// exception that ended it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    /// <returns>A wait that completes once the handle is closed.</returns>
    public ValueTask DisposeAsync()
    {
        var task = _state.Loop.Task("MemorySendChannel.DisposeAsync");
        Close();
        return CooperativeBudget.Spend(task) ? task.ParkRunnable(checkCancel: false) : default;
    }

    /// <summary>
    /// A <see cref="ChannelWriter{T}"/> over this handle, for BCL-style code. <c>Complete</c> closes this handle;
    /// its waits also honour the token passed to them.
    /// </summary>
    /// <returns>A writer over this handle.</returns>
    public ChannelWriter<T> AsChannelWriter() => new MemoryChannelWriter<T>(this, _state);

    /// <summary>
    /// <see cref="SendAsync"/> for <paramref name="task"/>; an adapter may also give a token that withdraws the
    /// waiting send and a translation of the errors that end it.
    /// </summary>
    internal ValueTask SendCore(TrioTask task, T value, Func<Exception?, Exception>? translate, CancellationToken cancellationToken)
    {
        if (task.IsEffectivelyCancelled)
        {
            return task.ParkRunnable(checkCancel: true);
        }

        ThrowIfUnusable();
        task.PrepareToPark();
        if (_state.TryDeliver(value))
        {
            return CooperativeBudget.Spend(task) ? task.ParkRunnable(checkCancel: false) : default;
        }

        var node = _state.ParkSender(task, value, this);
        node.Translate = translate;
        node.CancelWith(cancellationToken);
        return node.VoidAwaitable;
    }

    /// <summary>The error a send raises now: this handle is closed or the channel is broken; null if neither.</summary>
    internal Exception? UnusableError() =>
        _closed ? new ClosedResourceException(ClosedMessage)
        : _state.OpenReceivers == 0 ? new BrokenResourceException(BrokenMessage)
        : null;

    private void ThrowIfUnusable()
    {
        if (UnusableError() is { } error)
        {
            throw error;
        }
    }
}
