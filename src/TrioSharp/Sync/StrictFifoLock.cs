namespace TrioSharp;

/// <summary>
/// A lock that guarantees strict FIFO hand-over (Trio's <c>StrictFIFOLock</c>): a release while tasks wait makes the
/// longest waiter the owner at once, so no task can barge in, not even the releaser.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TrioLock"/> already behaves this way; this type states the guarantee in the signature, for code whose
/// correctness depends on it (a stream whose writers must send in arrival order). Otherwise it is a
/// <see cref="TrioLock"/>: owned by a task, not re-entrant, broken for good if its owner exits holding it.
/// </para>
/// <para>Checkpoints: the acquires always are; <see cref="TryAcquire"/> and <see cref="Release"/> never are.</para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{Inner}")]
public sealed class StrictFifoLock
{
    /// <summary>The lock that does the work (messages name this type).</summary>
    internal TrioLock Inner { get; } = TrioLock.ForStrictFifoLock();

    /// <summary>Whether a task holds the lock (a broken lock stays locked).</summary>
    public bool Locked => Inner.Locked;

    /// <summary>A snapshot: whether it is held, by whom, and how many tasks wait.</summary>
    public LockStatistics Statistics => Inner.Statistics;

    /// <summary>Takes the lock, waiting in strict FIFO order while another task holds it. A checkpoint.</summary>
    /// <returns>A wait that completes once the current task owns the lock.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="BrokenResourceException">The owner exited without releasing the lock, before or during the wait.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; the lock was not taken.</exception>
    public ValueTask AcquireAsync() => Inner.AcquireAsync();

    /// <summary>Takes the lock like <see cref="AcquireAsync"/> and returns an <see cref="Acquisition"/> that releases it when disposed. A checkpoint.</summary>
    /// <returns>The acquisition to dispose.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="BrokenResourceException">The owner exited without releasing the lock, before or during the wait.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; the lock was not taken.</exception>
    public ValueTask<Acquisition> AcquireScopeAsync() => Inner.AcquireScopeAsync();

    /// <summary>Takes the lock if nobody holds it and nobody waits. Not a checkpoint.</summary>
    /// <returns>True if the current task now owns the lock.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    public bool TryAcquire() => Inner.TryAcquire();

    /// <summary>Releases the lock: the longest waiter becomes the owner now, else the lock is free. Not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The current task does not own the lock, or the call is outside a TrioSharp task.</exception>
    public void Release() => Inner.Release();
}
