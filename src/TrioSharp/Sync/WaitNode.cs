using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace TrioSharp;

/// <summary>
/// One task's pending operation on a primitive: its place in the primitive's FIFO wait queue, the value handed
/// over, and the value-task source the caller awaits.
/// </summary>
/// <remarks>
/// The node forwards completion to the task's own reusable source (a task waits on one thing at a time) and adds
/// the value the waker handed over, so a typed wait costs no allocation. Like the task, it resumes its awaiter on
/// the loop whatever the await's flags, so BCL code that awaits it with <c>ConfigureAwait(false)</c> stays on the
/// loop. Its queue pools it; it goes back to the pool when the caller reads the result.
/// </remarks>
/// <typeparam name="T">What a waker hands over: a channel item, an <see cref="Acquisition"/>, or a readiness flag.</typeparam>
[System.Diagnostics.DebuggerDisplay("{_task} waits, queued: {Queued}")]
internal sealed class WaitNode<T> : IValueTaskSource<T>, IValueTaskSource, IAbortable
{
    private readonly WaitQueue<T> _queue;
    private TrioTask? _task;
    private short _token;
    private CancellationTokenRegistration _registration;

    internal WaitNode(WaitQueue<T> queue) => _queue = queue;

    /// <summary>The queue that owns (and pools) this node.</summary>
    internal WaitQueue<T> Owner => _queue;

    /// <summary>The waiting task.</summary>
    internal TrioTask Task => _task!;

    /// <summary>The value carried: what a sender offers, or what a receiver was handed.</summary>
    internal T Value { get; set; } = default!;

    /// <summary>Who waits, as the primitive sees it: the channel handle or the borrower.</summary>
    internal object? Tag { get; set; }

    /// <summary>Set by a waker that ends the wait without a value (the end of the channel).</summary>
    internal bool Ended { get; set; }

    /// <summary>
    /// For BCL adapters: turns the outcome the caller sees, either "ended without a value" (null) or a waker's
    /// error, into the exception to raise. Cancellations pass through untouched.
    /// </summary>
    internal Func<Exception?, Exception>? Translate { get; set; }

    /// <summary>Whether the node is in its queue (a waker or an abort may still take it out).</summary>
    internal bool Queued { get; set; }

    /// <summary>The node's neighbours in its queue; while pooled, <c>Next</c> chains the free nodes.</summary>
    internal ListLinks<WaitNode<T>> Links;

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
        Translate = null;
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
    /// For BCL adapters: withdraws the queued wait with an <see cref="OperationCanceledException"/> carrying
    /// <paramref name="cancellationToken"/> when that token fires, from whatever thread.
    /// </summary>
    internal void CancelWith(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || !Queued)
        {
            return;
        }

        // The callback may run on any thread and after this wait is over, so it posts to the loop and checks
        // that the node still holds the same wait.
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var (node, task, waitToken) = ((WaitNode<T>, TrioTask, short))state!;
                task.Post(_ => node.AbortForToken(task, waitToken, token), null);
            },
            (this, _task!, _token));
    }

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
        var translate = Translate;
        _registration.Unregister();
        _registration = default;
        _task = null;
        Tag = null;
        Translate = null;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Value = default!;
        }

        _queue.Recycle(this);
        if (translate is null)
        {
            task.GetResult(token);
            return !ended;
        }

        try
        {
            task.GetResult(token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw translate(e);
        }

        return ended ? throw translate(null) : true;
    }

    private void AbortForToken(TrioTask task, short waitToken, CancellationToken cancellationToken)
    {
        if (Queued && _task == task && _token == waitToken)
        {
            _queue.Remove(this);
            task.Wake(new OperationCanceledException(cancellationToken));
        }
    }

    private TrioTask Source => _task ?? throw new InvalidOperationException(
        "This TrioSharp wait has already been awaited; a wait can be awaited only once.");

    /// <summary>The link field of a <see cref="WaitQueue{T}"/>.</summary>
    internal readonly struct InQueue : ILinkField<WaitNode<T>>
    {
        /// <inheritdoc/>
        public static ref ListLinks<WaitNode<T>> Of(WaitNode<T> node) => ref node.Links;
    }
}
