using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace TrioSharp;

/// <summary>
/// One task's pending operation on a primitive: its place in the primitive's FIFO wait queue, the value handed
/// over, and the value-task source the caller awaits.
/// </summary>
/// <remarks>
/// The node forwards completion to the task's own reusable source (a task waits on one thing at a time) and adds
/// the value the waker handed over, so a typed wait costs no allocation. Its queue pools it; it goes back to the
/// pool when the caller reads the result.
/// </remarks>
/// <typeparam name="T">What a waker hands over: a channel item, or an <see cref="Acquisition"/>.</typeparam>
internal sealed class WaitNode<T> : IValueTaskSource<T>, IValueTaskSource, IAbortable
{
    private readonly WaitQueue<T> _queue;
    private TrioTask? _task;
    private short _token;

    internal WaitNode(WaitQueue<T> queue) => _queue = queue;

    /// <summary>The waiting task.</summary>
    internal TrioTask Task => _task!;

    /// <summary>The value carried: what a sender offers, or what a receiver was handed.</summary>
    internal T Value { get; set; } = default!;

    /// <summary>Who waits, as the primitive sees it: the channel handle or the borrower.</summary>
    internal object? Tag { get; set; }

    /// <summary>Set by a waker that ends the wait without a value (end of channel, a closed writer).</summary>
    internal bool Ended { get; set; }

    /// <summary>Whether the node is in its queue (a waker or an abort may still take it out).</summary>
    internal bool Queued { get; set; }

    internal WaitNode<T>? Prev { get; set; }

    internal WaitNode<T>? Next { get; set; }

    /// <summary>The token of the task's wait, for a source that wraps this node.</summary>
    internal short Token => _token;

    /// <summary>The awaitable for this wait, yielding the handed-over value.</summary>
    internal ValueTask<T> Awaitable => new(this, _token);

    /// <summary>The awaitable for this wait, when the caller needs no value.</summary>
    internal ValueTask VoidAwaitable => new(this, _token);

    /// <summary>Wakes the waiting task in the next batch with <paramref name="value"/>; the node must be out of the queue.</summary>
    internal void Wake(T value)
    {
        Value = value;
        _task!.Wake();
    }

    /// <summary>Wakes the waiting task with no value: its result says the wait ended.</summary>
    internal void WakeEnded()
    {
        Ended = true;
        _task!.Wake();
    }

    /// <inheritdoc/>
    public bool TryAbort(TrioTask task)
    {
        if (!Queued)
        {
            return false;
        }

        _queue.Remove(this);
        return true;
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => Source.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Source.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc/>
    public T GetResult(short token) =>
        TakeResult(token, out var value) ? value : throw new EndOfChannelException();

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token) => TakeResult(token, out _);

    /// <summary>Prepares a pooled node for <paramref name="task"/>.</summary>
    internal void Reset(TrioTask task, T value, object? tag)
    {
        _task = task;
        Value = value;
        Tag = tag;
        Ended = false;
    }

    // The task's own ValueTask is dropped on purpose: the caller awaits this node, which forwards to the
    // same source with the same token.
#pragma warning disable CA2012

    /// <summary>Parks the node's task in a blocking wait that a cancellation withdraws through this node.</summary>
    internal void ParkBlocked(string description)
    {
        _ = _task!.ParkBlocked(description, this);
        _token = _task.WaitToken;
    }

    /// <summary>Parks the node's task at a schedule point, which raises <see cref="Cancelled"/> on resume if <paramref name="checkCancel"/>.</summary>
    internal void ParkRunnable(bool checkCancel)
    {
        _ = _task!.ParkRunnable(checkCancel);
        _token = _task.WaitToken;
    }
#pragma warning restore CA2012

    /// <summary>
    /// Reads the outcome once the task resumed: raises the waker's error (or <see cref="Cancelled"/>), returns
    /// false if the wait ended without a value, and returns the node to its pool.
    /// </summary>
    internal bool TakeResult(short token, out T value)
    {
        var task = _task ?? throw new InvalidOperationException(
            "This TrioSharp wait has already been awaited; a wait can be awaited only once.");
        if (task.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("A TrioSharp wait was read before it finished; await it instead.");
        }

        value = Value;
        var ended = Ended;
        _task = null;
        Tag = null;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Value = default!;
        }

        _queue.Recycle(this);
        task.GetResult(token);
        return !ended;
    }

    private TrioTask Source => _task ?? throw new InvalidOperationException(
        "This TrioSharp wait has already been awaited; a wait can be awaited only once.");
}
