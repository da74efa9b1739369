using System.Threading;

namespace TrioSharp;

/// <summary>
/// A counting semaphore for tasks of one loop (Trio's <c>Semaphore</c>): no owner, FIFO-fair, optionally bounded.
/// </summary>
/// <remarks>
/// <para>
/// Named to avoid <see cref="Semaphore"/>. Any task may release it. A release while tasks wait hands the unit
/// straight to the longest waiter, so the releaser cannot take it back with <see cref="TryAcquire"/>.
/// </para>
/// <para>
/// Checkpoints: <see cref="AcquireAsync"/> and <see cref="AcquireScopeAsync"/> always are, as in Trio;
/// <see cref="TryAcquire"/> and <see cref="Release"/> are synchronous and never let another task run. All
/// members must be used on the loop's thread.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("TrioSemaphore value={_value}, {_waiters.Count} waiting")]
public sealed class TrioSemaphore : IReleasable
{
    private LoopBinding _loop;

    private const string WaitDescription = "TrioSemaphore.AcquireAsync (waiting for a unit)";

    private readonly WaitQueue<Acquisition> _waiters = new();
    private int _value;

    /// <summary>Creates a semaphore holding <paramref name="initial"/> units, never more than <paramref name="max"/> if given.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initial"/> is negative, or greater than <paramref name="max"/>.</exception>
    /// <param name="initial">The semaphore's starting value, zero or more.</param>
    /// <param name="max">The largest value a release may reach, or null for no bound.</param>
    public TrioSemaphore(int initial, int? max = null)
    {
        if (initial < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"A semaphore's initial value must be 0 or more; got {initial}.");
        }

        if (max is { } bound && bound < initial)
        {
            throw new ArgumentOutOfRangeException(
                nameof(max), max, $"A semaphore's max must be at least its initial value ({initial}); got {max}.");
        }

        _value = initial;
        MaxValue = max;
    }

    /// <summary>The units available now (0 whenever a task waits).</summary>
    public int Value => _value;

    /// <summary>The most units the semaphore may hold, or null when unbounded.</summary>
    public int? MaxValue { get; }

    /// <summary>A snapshot of the waiting tasks.</summary>
    public SemaphoreStatistics Statistics => new(_waiters.Count);

    /// <summary>Takes a unit, waiting in FIFO order while there is none. A checkpoint.</summary>
    /// <remarks>
    /// In an already-cancelled scope, raises <see cref="Cancelled"/> without taking a unit. A unit taken at once is
    /// followed by a schedule point that never raises; a cancelled wait takes nothing.
    /// </remarks>
    /// <exception cref="Cancelled">The current scope was cancelled; no unit was taken.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or while the task awaits another wait.</exception>
    /// <returns>A wait that completes once the current task holds a token.</returns>
    public ValueTask AcquireAsync() => BeginAcquire("TrioSemaphore.AcquireAsync").VoidAwaitable;

    /// <summary>
    /// Takes a unit like <see cref="AcquireAsync"/> and returns an <see cref="Acquisition"/> that releases it when
    /// disposed: <c>using (await semaphore.AcquireScopeAsync()) { ... }</c>. A checkpoint.
    /// </summary>
    /// <exception cref="Cancelled">The current scope was cancelled; no unit was taken.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or while the task awaits another wait.</exception>
    /// <returns>The acquisition; disposing it releases the token.</returns>
    public ValueTask<Acquisition> AcquireScopeAsync() => BeginAcquire("TrioSemaphore.AcquireScopeAsync").Awaitable;

    /// <summary>Takes a unit if one is free (never while tasks wait). Not a checkpoint.</summary>
    /// <returns>True if a unit was taken.</returns>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    public bool TryAcquire()
    {
        _loop.Check("TrioSemaphore.TryAcquire");
        return TryTake();
    }

    /// <summary>
    /// Returns a unit: to the longest waiter if any (decided now; it runs in the next batch), else to the count.
    /// Any task may call it. Not a checkpoint.
    /// </summary>
    /// <exception cref="SemaphoreFullException">The semaphore already holds <see cref="MaxValue"/> units; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">Called off the loop's thread.</exception>
    public void Release()
    {
        _loop.Check("TrioSemaphore.Release");
        if (_waiters.Count > 0)
        {
            _waiters.Dequeue().Task.Wake();
            return;
        }

        if (_value == MaxValue)
        {
            throw new SemaphoreFullException(
                $"TrioSemaphore.Release: the semaphore already holds its maximum of {MaxValue} units, so this release "
                + "does not match an acquire; release once per successful acquire.");
        }

        _value++;
    }

    /// <inheritdoc/>
    void IReleasable.Release(object? borrower) => Release();

    private bool TryTake()
    {
        if (_value == 0)
        {
            return false;
        }

        _value--;
        return true;
    }

    /// <summary>Starts an acquire: the node the task now waits on, blocked in the queue or yielding with the unit.</summary>
    private WaitNode<Acquisition> BeginAcquire(string api)
    {
        var task = _loop.Task(api);
        if (task.IsEffectivelyCancelled)
        {
            return _waiters.Yield(task, default, checkCancel: true);
        }

        task.PrepareToPark();
        var acquisition = new Acquisition(this, null);
        return TryTake()
            ? _waiters.Yield(task, acquisition, checkCancel: false)
            : _waiters.Park(task, WaitDescription, acquisition, null);
    }
}
