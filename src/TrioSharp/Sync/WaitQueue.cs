namespace TrioSharp;

/// <summary>
/// A FIFO queue of tasks waiting on one primitive, with O(1) removal for cancellation and a pool of nodes.
/// </summary>
/// <remarks>Loop-thread only, like every primitive that owns one.</remarks>
/// <typeparam name="T">What a waker hands over to a waiter.</typeparam>
internal sealed class WaitQueue<T>
{
    private WaitNode<T>? _head;
    private WaitNode<T>? _tail;
    private WaitNode<T>? _free;

    /// <summary>How many tasks wait.</summary>
    internal int Count { get; private set; }

    /// <summary>The longest waiter, or null.</summary>
    internal WaitNode<T>? First => _head;

    /// <summary>
    /// Blocks <paramref name="task"/> at the back of the queue until a waker takes it out, or a cancellation does.
    /// </summary>
    internal WaitNode<T> Park(TrioTask task, string description, T value, object? tag)
    {
        var node = Rent(task, value, tag);
        node.ParkBlocked(description);
        node.Queued = true;
        node.Prev = _tail;
        node.Next = null;
        if (_tail is null)
        {
            _head = node;
        }
        else
        {
            _tail.Next = node;
        }

        _tail = node;
        Count++;
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
        var node = _head!;
        Remove(node);
        return node;
    }

    /// <summary>Takes <paramref name="node"/> out of the queue.</summary>
    internal void Remove(WaitNode<T> node)
    {
        if (node.Prev is null)
        {
            _head = node.Next;
        }
        else
        {
            node.Prev.Next = node.Next;
        }

        if (node.Next is null)
        {
            _tail = node.Prev;
        }
        else
        {
            node.Next.Prev = node.Prev;
        }

        node.Prev = node.Next = null;
        node.Queued = false;
        Count--;
    }

    /// <summary>Returns a node whose result has been read to the pool.</summary>
    internal void Recycle(WaitNode<T> node)
    {
        node.Next = _free;
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
            _free = node.Next;
            node.Next = null;
        }

        node.Reset(task, value, tag);
        return node;
    }
}
