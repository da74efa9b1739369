using System.Threading.Channels;

namespace TrioSharp;

/// <summary>The state shared by every send and receive handle of one memory channel.</summary>
/// <remarks>
/// Invariants, as in Trio: receivers wait only while the buffer is empty and no sender waits; senders wait only
/// while the buffer is full and no receiver waits. Every decision (who gets an item, who is woken with which
/// error) is made at the call; only the woken task's running is deferred to the next batch.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelState<T>
{
    private readonly Queue<T> _buffer;

    /// <summary>The loop this channel serves (shared by all its handles).</summary>
    internal LoopBinding Loop;
    private TaskCompletionSource? _completion;

    internal MemoryChannelState(int capacity, bool unbounded)
    {
        Capacity = unbounded ? int.MaxValue : capacity;
        IsUnbounded = unbounded;
        _buffer = new Queue<T>(unbounded ? 0 : Math.Min(capacity, 1024));
    }

    internal int Capacity { get; }

    internal bool IsUnbounded { get; }

    /// <summary>Tasks blocked in a send, each node carrying its item and its send handle.</summary>
    internal WaitQueue<T> Senders { get; } = new();

    /// <summary>Tasks blocked in a receive, each node tagged with its receive handle.</summary>
    internal WaitQueue<T> Receivers { get; } = new();

    /// <summary>Tasks in <see cref="ChannelWriter{T}.WaitToWriteAsync"/>; created by the writer adapter.</summary>
    internal WaitQueue<bool>? SpaceWaiters { get; set; }

    /// <summary>Tasks in <see cref="ChannelReader{T}.WaitToReadAsync"/>; created by the reader adapter.</summary>
    internal WaitQueue<bool>? DataWaiters { get; set; }

    internal int OpenSenders { get; set; } = 1;

    internal int OpenReceivers { get; set; } = 1;

    internal int PeakBufferUsed { get; private set; }

    internal int BufferUsed => _buffer.Count;

    /// <summary>The first error a writer adapter completed the channel with, reported by the reader adapter.</summary>
    internal Exception? CompletionError { get; set; }

    /// <summary>Whether no item can ever arrive again.</summary>
    internal bool HasEnded => OpenSenders == 0 && _buffer.Count == 0;

    internal MemoryChannelStatistics Statistics => new(
        _buffer.Count,
        IsUnbounded ? null : Capacity,
        OpenSenders,
        OpenReceivers,
        Senders.Count,
        Receivers.Count,
        PeakBufferUsed);

    /// <summary>
    /// A task that completes when the channel can yield nothing more (ended, or every receiver closed), for
    /// <see cref="ChannelReader{T}.Completion"/>.
    /// </summary>
    internal Task Completion
    {
        get
        {
            if (_completion is null)
            {
                _completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                CheckCompletion();
            }

            return _completion.Task;
        }
    }

    /// <summary>
    /// Delivers <paramref name="value"/> without waiting: to the longest-waiting receiver, else into the buffer.
    /// </summary>
    /// <returns>False when the caller would have to wait (the buffer is full and no receiver waits).</returns>
    internal bool TryDeliver(T value)
    {
        if (Receivers.Count > 0)
        {
            Receivers.Dequeue().Wake(value);
            CheckInvariants();
            return true;
        }

        if (_buffer.Count < Capacity)
        {
            _buffer.Enqueue(value);
            if (_buffer.Count > PeakBufferUsed)
            {
                PeakBufferUsed = _buffer.Count;
            }

            WakeAll(DataWaiters, true);
            CheckInvariants();
            return true;
        }

        CheckInvariants();

        return false;
    }

    /// <summary>
    /// Takes the next item without waiting: from the buffer (refilling it from the longest-waiting sender), else
    /// straight from a waiting sender.
    /// </summary>
    /// <returns>False when there is none; <see cref="HasEnded"/> then says whether one can still come.</returns>
    internal bool TryTake(out T value)
    {
        if (_buffer.Count > 0)
        {
            value = _buffer.Dequeue();
            if (Senders.Count > 0)
            {
                var sender = Senders.Dequeue();
                _buffer.Enqueue(sender.Value);
                sender.Task.Wake();
            }
            else
            {
                WakeAll(SpaceWaiters, true);
                if (OpenSenders == 0)
                {
                    CheckCompletion();
                }
            }

            CheckInvariants();

            return true;
        }

        if (Senders.Count > 0)
        {
            var sender = Senders.Dequeue();
            value = sender.Value;
            sender.Task.Wake();
            CheckInvariants();
            return true;
        }

        value = default!;
        CheckInvariants();
        return false;
    }

    /// <summary>
    /// The rule of the class remarks: receivers wait only while the buffer is empty and no sender waits; senders wait
    /// only while the buffer is full and no receiver waits; the buffer never holds more than the capacity.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void CheckInvariants()
    {
        InvariantViolation.Check(
            Receivers.Count == 0 || (_buffer.Count == 0 && Senders.Count == 0),
            "a memory channel has receivers waiting while it holds an item or a sender waits.");
        InvariantViolation.Check(
            Senders.Count == 0 || (_buffer.Count == Capacity && Receivers.Count == 0),
            "a memory channel has senders waiting while its buffer has room or a receiver waits.");
        InvariantViolation.Check(_buffer.Count <= Capacity, "a memory channel's buffer holds more than its capacity.");
    }

    /// <summary>Blocks <paramref name="task"/> as a receiver on behalf of <paramref name="handle"/>.</summary>
    internal WaitNode<T> ParkReceiver(TrioTask task, object handle)
    {
        var node = Receivers.Park(task, "MemoryReceiveChannel.ReceiveAsync (waiting for an item)", default!, handle);

        // A waiting receiver is room for one more item, even in a rendezvous channel.
        WakeAll(SpaceWaiters, true);
        CheckInvariants();
        return node;
    }

    /// <summary>Blocks <paramref name="task"/> as a sender of <paramref name="value"/> on behalf of <paramref name="handle"/>.</summary>
    internal WaitNode<T> ParkSender(TrioTask task, T value, object handle)
    {
        var node = Senders.Park(task, "MemorySendChannel.SendAsync (waiting for room or a receiver)", value, handle);

        // A waiting sender is an item a receiver can take now, even in a rendezvous channel.
        WakeAll(DataWaiters, true);
        CheckInvariants();
        return node;
    }

    /// <summary>
    /// Closes one send handle: its own senders get <paramref name="closedError"/> (its writer adapter's waits
    /// learn there is no more room); the last one ends the channel.
    /// </summary>
    internal void CloseSender(object handle, Func<Exception> closedError)
    {
        WakeHandleWaiters(Senders, handle, closedError);
        for (var node = SpaceWaiters?.First; node is not null;)
        {
            var next = node.Links.Next;
            if (node.Tag == handle)
            {
                SpaceWaiters!.Remove(node);
                node.Wake(false);
            }

            node = next;
        }

        if (--OpenSenders > 0)
        {
            return;
        }

        while (Receivers.Count > 0)
        {
            Receivers.Dequeue().WakeEnded();
        }

        // Reader adapters learn the end as the BCL reports it: false, or the error a writer completed with.
        while (DataWaiters is { Count: > 0 } waiters)
        {
            var node = waiters.Dequeue();
            if (CompletionError is { } error)
            {
                node.Task.Wake(new ChannelClosedException(error));
            }
            else
            {
                node.Wake(false);
            }
        }

        CheckCompletion();
        CheckInvariants();
    }

    /// <summary>Closes one receive handle: its own waiters get <paramref name="closedError"/>; the last one breaks the channel.</summary>
    internal void CloseReceiver(object handle, Func<Exception> closedError)
    {
        WakeHandleWaiters(Receivers, handle, closedError);
        WakeHandleWaiters(DataWaiters, handle, closedError);
        if (--OpenReceivers > 0)
        {
            return;
        }

        while (Senders.Count > 0)
        {
            Senders.Dequeue().Task.Wake(new BrokenResourceException(MemorySendChannel<T>.BrokenMessage));
        }

        _buffer.Clear();
        WakeAll(SpaceWaiters, false);
        CheckCompletion();
        CheckInvariants();
    }

    /// <summary>Peeks at the next item in the buffer, for the reader adapter.</summary>
    internal bool TryPeek(out T value)
    {
        if (_buffer.TryPeek(out value!))
        {
            return true;
        }

        if (Senders.First is { } sender)
        {
            value = sender.Value;
            return true;
        }

        return false;
    }

    /// <summary>Wakes every adapter wait with <paramref name="ready"/>: true when the caller should try again.</summary>
    private static void WakeAll(WaitQueue<bool>? waiters, bool ready)
    {
        if (waiters is null)
        {
            return;
        }

        while (waiters.Count > 0)
        {
            waiters.Dequeue().Wake(ready);
        }
    }

    private static void WakeHandleWaiters<TNode>(WaitQueue<TNode>? waiters, object handle, Func<Exception> error)
    {
        for (var node = waiters?.First; node is not null;)
        {
            var next = node.Links.Next;
            if (node.Tag == handle)
            {
                waiters!.Remove(node);
                node.Task.Wake(error());
            }

            node = next;
        }
    }

    private void CheckCompletion()
    {
        if (_completion is not null && (HasEnded || OpenReceivers == 0))
        {
            if (CompletionError is { } error)
            {
                _completion.TrySetException(error);
            }
            else
            {
                _completion.TrySetResult();
            }
        }
    }
}
