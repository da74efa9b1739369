using TrioSharp.LowLevel;

namespace TrioSharp;

/// <summary>
/// A condition variable (Trio's <c>Condition</c>): tasks holding its lock wait to be notified of a change to the state
/// the lock guards.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="WaitAsync"/> releases the lock, waits for <see cref="Notify(int)"/> or <see cref="NotifyAll"/>, and
/// takes the lock back before it returns, even when cancelled (the reacquire is shielded), so the caller always
/// holds the lock after it. Notifying requires the lock too, so no notification falls between a waiter's check of
/// the state and its wait. A notified waiter may find the state changed again: check it in a loop.
/// </para>
/// <para>The condition is also a lock: acquire and release it directly, or hand its lock to other code.</para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("Condition {_waiters.Count} waiting, lock: {_lock}")]
public sealed class Condition
{
    private readonly TrioLock _lock;
    private readonly ParkingLot _waiters = new();

    /// <summary>Creates a condition with its own <see cref="TrioLock"/>.</summary>
    public Condition()
        : this(new TrioLock())
    {
    }

    /// <summary>Creates a condition over an existing lock.</summary>
    /// <param name="lockObject">The lock that guards the state; the condition's acquires and releases are its.</param>
    public Condition(TrioLock lockObject)
    {
        ArgumentNullException.ThrowIfNull(lockObject);
        _lock = lockObject;
    }

    /// <summary>Creates a condition over an existing strict FIFO lock.</summary>
    /// <param name="lockObject">The lock that guards the state.</param>
    public Condition(StrictFifoLock lockObject)
        : this((lockObject ?? throw new ArgumentNullException(nameof(lockObject))).Inner)
    {
    }

    /// <summary>Whether a task holds the condition's lock.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>A snapshot: how many tasks wait to be notified, and the lock's state.</summary>
    public ConditionStatistics Statistics => new(_waiters.Count, _lock.Statistics);

    /// <summary>Takes the condition's lock. A checkpoint.</summary>
    /// <returns>A wait that completes once the current task owns the lock.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="BrokenResourceException">The lock's owner exited without releasing it.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; the lock was not taken.</exception>
    public ValueTask AcquireAsync() => _lock.AcquireAsync();

    /// <summary>Takes the condition's lock if nobody holds it. Not a checkpoint.</summary>
    /// <returns>True if the current task now owns the lock.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    public bool TryAcquire() => _lock.TryAcquire();

    /// <summary>Releases the condition's lock. Not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The current task does not own the lock.</exception>
    public void Release() => _lock.Release();

    /// <summary>
    /// Releases the lock, waits to be notified, and takes the lock back (shielded from cancellation) before returning
    /// or raising. A checkpoint.
    /// </summary>
    /// <returns>A task that completes once notified and holding the lock again.</returns>
    /// <exception cref="InvalidOperationException">The current task does not hold the lock, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled while waiting; the lock is held again all the same.</exception>
    public async Task WaitAsync()
    {
        var task = Trio.CurrentTask("Condition.WaitAsync");
        if (!_lock.IsOwnedBy(task))
        {
            throw new InvalidOperationException(
                $"Condition.WaitAsync: {task} does not hold the condition's lock; acquire it first, then check the "
                + "state and wait in a loop.");
        }

        _lock.Release();
        try
        {
            await _waiters.ParkAsync("Condition.WaitAsync (waiting to be notified)");
        }
        finally
        {
            // Shielded: the caller must hold the lock when this returns, whatever cancelled the wait.
            await new CancelScope(shield: true).RunAsync(async () => await _lock.AcquireAsync());
        }
    }

    /// <summary>Wakes the <paramref name="count"/> longest waiters; each then takes the lock back in turn. Not a checkpoint.</summary>
    /// <param name="count">How many waiters to wake, zero or more.</param>
    /// <exception cref="InvalidOperationException">The current task does not hold the lock.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void Notify(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckOwner("Condition.Notify");
        _waiters.Unpark(count);
    }

    /// <summary>Wakes every waiter; each then takes the lock back in turn. Not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The current task does not hold the lock.</exception>
    public void NotifyAll()
    {
        CheckOwner("Condition.NotifyAll");
        _waiters.UnparkAll();
    }

    private void CheckOwner(string api)
    {
        var task = Trio.CurrentTask(api);
        if (!_lock.IsOwnedBy(task))
        {
            throw new InvalidOperationException($"{api}: {task} does not hold the condition's lock; acquire it before notifying.");
        }
    }
}
