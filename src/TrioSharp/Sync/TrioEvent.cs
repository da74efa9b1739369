namespace TrioSharp;

/// <summary>
/// A one-shot flag that tasks can wait for (Trio's <c>Event</c>): once set it stays set; there is no reset.
/// </summary>
/// <remarks>
/// <para>
/// For a repeatable signal, create a new event each round. <see cref="Set"/> may also be called from a timer or
/// token callback on the loop's thread.
/// </para>
/// <para>
/// Checkpoints: <see cref="WaitAsync"/> always is, even when the event is already set, as in Trio;
/// <see cref="Set"/> is synchronous and never lets another task run.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("TrioEvent set={IsSet}, {_waiters.Count} waiting")]
public sealed class TrioEvent
{
    private LoopBinding _loop;

    private readonly WaitQueue<bool> _waiters = new();

    /// <summary>Whether <see cref="Set"/> was called.</summary>
    public bool IsSet { get; private set; }

    /// <summary>A snapshot of the waiting tasks.</summary>
    public EventStatistics Statistics => new(_waiters.Count);

    /// <summary>Sets the event and wakes every waiting task (they run in the next batch). Idempotent; not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    public void Set()
    {
        _loop.Check("TrioEvent.Set");
        if (IsSet)
        {
            return;
        }

        IsSet = true;
        while (_waiters.Count > 0)
        {
            _waiters.Dequeue().Task.Wake();
        }
    }

    /// <summary>Waits until the event is set. A checkpoint: on a set event it still yields, then raises if cancelled.</summary>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or while the task awaits another wait.</exception>
    /// <returns>A wait that completes once the event is set.</returns>
    public ValueTask WaitAsync()
    {
        var task = _loop.Task("TrioEvent.WaitAsync");
        if (IsSet || task.IsEffectivelyCancelled)
        {
            return task.ParkRunnable(checkCancel: true);
        }

        return _waiters.Park(task, "TrioEvent.WaitAsync (waiting for Set)", false, null).VoidAwaitable;
    }
}
