using System.Diagnostics;

namespace TrioSharp;

/// <summary>
/// A FIFO queue of tasks waiting on one primitive, with O(1) removal for cancellation and a pool of nodes.
/// </summary>
/// <remarks>Loop-thread only, like every primitive that owns one.</remarks>
/// <typeparam name="T">What a waker hands over to a waiter.</typeparam>
[DebuggerDisplay("{Count} waiting")]
internal sealed class WaitQueue<T>
{
    private IntrusiveList<WaitNode<T>, WaitNode<T>.InQueue> _waiters;
    private WaitNode<T>? _free;

    /// <summary>How many tasks wait.</summary>
    internal int Count => _waiters.Count;

    /// <summary>The longest waiter, or null.</summary>
    internal WaitNode<T>? First => _waiters.First;

    /// <summary>
    /// Blocks <paramref name="task"/> at the back of the queue until a waker takes it out, or a cancellation does.
    /// </summary>
    internal WaitNode<T> Park(TrioTask task, string description, T value, object? tag)
    {
        var node = Rent(task, value, tag);
        node.ParkBlocked(description);
        node.Queued = true;
        _waiters.AddLast(node);
        CheckInvariants();
        return node;
    }

    /// <summary>
    /// Parks <paramref name="task"/> at a schedule point carrying <paramref name="value"/>, without queueing it:
    /// the operation completed at once (<paramref name="checkCancel"/> false: the task only lets others run), or
    /// is refused because the scope is cancelled (true: the resume raises <see cref="Cancelled"/>).
    /// </summary>
    internal WaitNode<T> Yield(TrioTask task, T value, bool checkCancel)
    {
        var node = Rent(task, value, null);
        node.ParkRunnable(checkCancel);
        return node;
    }

    /// <summary>Takes the longest waiter out of the queue; the caller wakes it.</summary>
    internal WaitNode<T> Dequeue()
    {
        var node = _waiters.First!;
        Remove(node);
        return node;
    }

    /// <summary>Takes <paramref name="node"/> out of the queue.</summary>
    internal void Remove(WaitNode<T> node)
    {
        InvariantViolation.Check(node.Queued && node.Owner == this, "a wait node was taken out of a queue it is not waiting in.");
        _waiters.Remove(node);
        node.Queued = false;
        CheckInvariants();
    }

    /// <summary>Every queued node says it is queued, in this queue, for a task blocked on it.</summary>
    /// <remarks>Walks queues of up to 256 waiters only, so a Debug build stays linear in tests with long queues.</remarks>
    [Conditional("DEBUG")]
    private void CheckInvariants()
    {
        if (_waiters.Count > 256)
        {
            return;
        }

        var count = 0;
        for (var node = _waiters.First; node is not null; node = node.Links.Next)
        {
            count++;
            InvariantViolation.Check(node.Queued && node.Owner == this, "a node in a wait queue does not know it is queued there.");
            InvariantViolation.Check(node.Task.Waiting == WaitKind.Blocked, "a task in a wait queue is not blocked.");
        }

        InvariantViolation.Check(count == _waiters.Count, "a wait queue's count disagrees with its nodes.");
    }

    /// <summary>Returns a node whose result has been read to the pool.</summary>
    internal void Recycle(WaitNode<T> node)
    {
        node.Links.Next = _free;
        _free = node;
    }

    private WaitNode<T> Rent(TrioTask task, T value, object? tag)
    {
        var node = _free;
        if (node is null)
        {
            node = new WaitNode<T>(this);
        }
        else
        {
            _free = node.Links.Next;
            node.Links.Next = null;
        }

        node.Reset(task, value, tag);
        return node;
    }
}
