using System.Threading.Channels;

namespace TrioSharp;

/// <summary>
/// The receiving end of a memory channel: one handle, closed on its own; <see cref="Clone"/> makes more.
/// </summary>
/// <remarks>
/// <para>
/// Clones share the stream; they do not broadcast: each item goes to exactly one receiver, the one that has
/// waited longest. Once every send handle is closed and the buffer is drained, receives raise
/// <see cref="EndOfChannelException"/> (and <c>await foreach</c> ends). Once every receive handle is closed, the
/// buffer is discarded and senders get <see cref="BrokenResourceException"/>.
/// </para>
/// <para>
/// Checkpoints: <see cref="ReceiveAsync"/> and each step of <c>await foreach</c> are always a cancel point, and a
/// schedule point whenever they wait; a receive that completes at once yields only once per 64 channel operations
/// of the task (a deviation from Trio, where every receive yields). Reaching the end of the channel raises (or
/// ends the loop) without yielding, as in Trio. <see cref="TryReceive"/>, <see cref="Clone"/> and
/// <see cref="Close"/> are synchronous and never let another task run. All members must be used on the loop's
/// thread.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[System.Diagnostics.DebuggerDisplay("MemoryReceiveChannel closed={_closed}, {Statistics}")]
public sealed class MemoryReceiveChannel<T> : IAsyncDisposable, IAsyncEnumerable<T>
{
    private const string ClosedMessage =
        "This MemoryReceiveChannel was closed (Close or DisposeAsync) and cannot be used any more; receive through "
        + "a handle that is still open (Clone one before closing).";

    private static readonly Func<Exception> s_closedError = static () => new ClosedResourceException(ClosedMessage);

    private readonly MemoryChannelState<T> _state;
    private bool _closed;

    internal MemoryReceiveChannel(MemoryChannelState<T> state) => _state = state;

    /// <summary>The calling task, checked against the loop this channel serves.</summary>
    internal TrioTask CurrentTask(string api) => _state.Loop.Task(api);

    /// <summary>Whether this handle was closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>A snapshot of the channel's state, the same from every handle of the channel.</summary>
    public MemoryChannelStatistics Statistics => _state.Statistics;

    /// <summary>
    /// Receives the next item, waiting while there is none. A cancel point, and a schedule point when it waits
    /// (and once per 64 channel operations otherwise).
    /// </summary>
    /// <remarks>
    /// If the scope is already cancelled, yields, then raises <see cref="Cancelled"/> and takes nothing. If an
    /// item is there it is taken, and the call returns it without ever raising <see cref="Cancelled"/> (if the
    /// budget makes it yield, that yield cannot raise): an item taken is never lost to a cancellation. Otherwise
    /// the task waits; a cancelled wait takes nothing.
    /// </remarks>
    /// <exception cref="Cancelled">The current scope was cancelled; nothing was received.</exception>
    /// <exception cref="EndOfChannelException">Every send handle is closed and the buffer is drained.</exception>
    /// <exception cref="ClosedResourceException">This handle is closed, or was closed while the receive waited.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or while the task awaits another wait.</exception>
    /// <returns>The item received.</returns>
    public ValueTask<T> ReceiveAsync()
    {
        var task = _state.Loop.Task("MemoryReceiveChannel.ReceiveAsync");
        var node = BeginReceive(task, out var value, out var ended);
        if (node is not null)
        {
            return node.Awaitable;
        }

        return ended ? throw new EndOfChannelException() : new ValueTask<T>(value);
    }

    /// <summary>Takes the next item if one is there (buffered, or offered by a waiting sender). Not a checkpoint.</summary>
    /// <returns>True with the item; false if receiving would have to wait.</returns>
    /// <exception cref="EndOfChannelException">Every send handle is closed and the buffer is drained.</exception>
    /// <exception cref="ClosedResourceException">This handle is closed.</exception>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    /// <param name="value">The value the caller of <c>StartAsync</c> receives.</param>
    public bool TryReceive(out T value)
    {
        _state.Loop.Check("MemoryReceiveChannel.TryReceive");
        ThrowIfClosed();
        if (_state.TryTake(out value))
        {
            return true;
        }

        if (_state.OpenSenders == 0)
        {
            throw new EndOfChannelException();
        }

        return false;
    }

    /// <summary>
    /// Makes another receive handle for the same channel (items are shared among handles, not copied); senders
    /// break only when every handle is closed. Not a checkpoint.
    /// </summary>
    /// <exception cref="ClosedResourceException">This handle is closed: clone before closing.</exception>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    /// <returns>A new, open handle to the same channel.</returns>
    public MemoryReceiveChannel<T> Clone()
    {
        _state.Loop.Check("MemoryReceiveChannel.Clone");
        ThrowIfClosed();
        _state.OpenReceivers++;
        return new MemoryReceiveChannel<T>(_state);
    }

    /// <summary>
    /// Closes this handle: receives waiting on it raise <see cref="ClosedResourceException"/>; when it is the
    /// last open receive handle, the buffer is discarded and senders get <see cref="BrokenResourceException"/>.
    /// Idempotent; not a checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    public void Close()
    {
        _state.Loop.Check("MemoryReceiveChannel.Close");
        if (_closed)
        {
            return;
        }

        _closed = true;
        _state.CloseReceiver(this, s_closedError);
    }

    /// <summary>
    /// Closes this handle (<see cref="Close"/>), yielding to other tasks under the same budget as a receive. Never
    /// raises <see cref="Cancelled"/> (Trio's <c>aclose</c> can), so an <c>await using</c> block never hides the
    /// exception that ended it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    /// <returns>A wait that completes once the handle is closed.</returns>
    public ValueTask DisposeAsync()
    {
        var task = _state.Loop.Task("MemoryReceiveChannel.DisposeAsync");
        Close();
        return CooperativeBudget.Spend(task) ? task.ParkRunnable(checkCancel: false) : default;
    }

    /// <summary>
    /// Enumerates items until the channel ends, for <c>await foreach</c>; each step is a <see cref="ReceiveAsync"/>,
    /// except that the end of the channel finishes the loop instead of raising. Enumerating does not close the handle.
    /// </summary>
    /// <param name="cancellationToken">
    /// Must not be cancellable: cancellation comes from the ambient <see cref="CancelScope"/>. For a token, use
    /// <see cref="AsChannelReader"/> and <c>ReadAllAsync(token)</c>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="cancellationToken"/> can be cancelled.</exception>
    /// <returns>An enumerator that receives until the channel ends.</returns>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.CanBeCanceled)
        {
            throw new ArgumentException(
                "A memory channel's await foreach is cancelled by the ambient CancelScope, not by a token. Wrap the loop "
                + "in a CancelScope (or Trio.MoveOnAfter), or use AsChannelReader().ReadAllAsync(token).",
                nameof(cancellationToken));
        }

        return new MemoryChannelEnumerator<T>(this);
    }

    /// <summary>
    /// A <see cref="ChannelReader{T}"/> over this handle, for BCL-style code; its waits also honour the token
    /// passed to them, and its <see cref="ChannelReader{T}.Completion"/> finishes when the channel ends.
    /// </summary>
    /// <returns>A reader over this handle.</returns>
    public ChannelReader<T> AsChannelReader() => new MemoryChannelReader<T>(this, _state);

    /// <summary>
    /// Starts a receive for <paramref name="task"/>. Returns the node the task now waits on (blocked in the queue,
    /// or yielding with the item), or null when the receive finished at once: with <paramref name="value"/>, or
    /// with nothing when <paramref name="ended"/> (the channel has ended).
    /// </summary>
    internal WaitNode<T>? BeginReceive(TrioTask task, out T value, out bool ended)
    {
        value = default!;
        ended = false;
        if (task.IsEffectivelyCancelled)
        {
            return _state.Receivers.Yield(task, default!, checkCancel: true);
        }

        ThrowIfClosed();
        task.PrepareToPark();
        if (_state.TryTake(out value))
        {
            return CooperativeBudget.Spend(task) ? _state.Receivers.Yield(task, value, checkCancel: false) : null;
        }

        ended = _state.OpenSenders == 0;
        return ended ? null : _state.ParkReceiver(task, this);
    }

    /// <summary>Throws if this handle is closed.</summary>
    internal void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ClosedResourceException(ClosedMessage);
        }
    }
}
