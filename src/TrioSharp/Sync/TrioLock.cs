namespace TrioSharp;

/// <summary>
/// A mutual-exclusion lock owned by a task (Trio's <c>Lock</c>): not re-entrant, FIFO-fair, and broken for good
/// if its owner exits while holding it.
/// </summary>
/// <remarks>
/// <para>
/// Named to avoid <see cref="System.Threading.Lock"/>. Only the owner may release it. A release while tasks wait
/// makes the longest waiter the owner inside the release call, so the releaser cannot take it back. If the owner
/// exits still holding it, every waiter and every later <see cref="AcquireAsync"/> raises
/// <see cref="BrokenResourceException"/>: the state it guarded may be half-updated.
/// </para>
/// <para>
/// Checkpoints: <see cref="AcquireAsync"/> and <see cref="AcquireScopeAsync"/> always are, as in Trio;
/// <see cref="TryAcquire"/> and <see cref="Release"/> are synchronous and never let another task run.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{_names.Type,nq} owner={_owner}, {_waiters.Count} waiting, broken={_broken}")]
public sealed class TrioLock : IReleasable, ITaskExitObserver
{
    private LoopBinding _loop;

    private readonly WaitQueue<Acquisition> _waiters = new();

    // How messages name this lock: a StrictFifoLock is this lock under its own name.
    private readonly Names _names;
    private TrioTask? _owner;
    private bool _broken;

    /// <summary>Creates an unlocked lock.</summary>
    public TrioLock()
        : this(Names.TrioLock)
    {
    }

    private TrioLock(Names names) => _names = names;

    /// <summary>Creates the lock behind a <see cref="StrictFifoLock"/>, whose messages say so.</summary>
    internal static TrioLock ForStrictFifoLock() => new(Names.StrictFifoLock);

    /// <summary>Whether a task holds the lock (a broken lock stays locked).</summary>
    public bool Locked => _owner is not null;

    /// <summary>A snapshot: whether it is held, by whom, and how many tasks wait.</summary>
    public LockStatistics Statistics => new(_owner is not null, _owner?.ToString(), _waiters.Count);

    /// <summary>Takes the lock, waiting in FIFO order while another task holds it. A checkpoint.</summary>
    /// <remarks>
    /// In an already-cancelled scope, raises <see cref="Cancelled"/> without taking the lock. A lock taken at once
    /// is followed by a schedule point that never raises; a cancelled wait takes nothing.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The current task already holds the lock (it is not re-entrant), or the call is outside a TrioSharp task.</exception>
    /// <exception cref="BrokenResourceException">The owner exited without releasing the lock, before or during the wait.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; the lock was not taken.</exception>
    /// <returns>A wait that completes once the current task holds a token.</returns>
    public ValueTask AcquireAsync() => BeginAcquire(_names.AcquireAsync).VoidAwaitable;

    /// <summary>
    /// Takes the lock like <see cref="AcquireAsync"/> and returns an <see cref="Acquisition"/> that releases it
    /// when disposed: <c>using (await gate.AcquireScopeAsync()) { ... }</c>. A checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="BrokenResourceException">The owner exited without releasing the lock, before or during the wait.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; the lock was not taken.</exception>
    /// <returns>The acquisition; disposing it releases the token.</returns>
    public ValueTask<Acquisition> AcquireScopeAsync() => BeginAcquire(_names.AcquireScopeAsync).Awaitable;

    /// <summary>Takes the lock if nobody holds it. Not a checkpoint.</summary>
    /// <returns>True if the current task now owns the lock; false if another task holds it (or held it and exited).</returns>
    /// <exception cref="InvalidOperationException">The current task already holds the lock, or the call is outside a TrioSharp task.</exception>
    public bool TryAcquire()
    {
        var task = _loop.Task(_names.TryAcquire);
        ThrowIfOwner(task);
        if (_owner is not null)
        {
            return false;
        }

        SetOwner(task);
        return true;
    }

    /// <summary>
    /// Releases the lock: the longest waiter becomes the owner now (it runs in the next batch), else the lock is
    /// free. Not a checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current task does not own the lock, or the call is outside a TrioSharp task.</exception>
    public void Release()
    {
        var task = _loop.Task(_names.Release);
        if (_owner != task)
        {
            throw new InvalidOperationException(
                $"{_names.Type}.Release: {task} does not own this lock ({(_owner is null ? "nobody holds it" : $"{_owner} does")}). "
                + "Only the task that acquired a lock may release it, once per acquire.");
        }

        task.ExitObservers!.Remove(this);
        if (_waiters.Count == 0)
        {
            _owner = null;
            return;
        }

        var next = _waiters.Dequeue();
        SetOwner(next.Task);
        next.Task.Wake();
    }

    /// <inheritdoc/>
    void IReleasable.Release(object? borrower) => Release();

    /// <inheritdoc/>
    void ITaskExitObserver.OnTaskExited(TrioTask task)
    {
        if (_owner != task)
        {
            return;
        }

        _broken = true;
        while (_waiters.Count > 0)
        {
            _waiters.Dequeue().Task.Wake(new BrokenResourceException(BrokenMessage));
        }
    }

    /// <summary>Whether <paramref name="task"/> holds the lock.</summary>
    internal bool IsOwnedBy(TrioTask task) => _owner == task;

    private string BrokenMessage =>
        $"Owner of this lock exited without releasing: {_owner}. The state the lock guards may be half-updated, so the "
        + "lock is broken for good; release locks in a finally block (or use AcquireScopeAsync with using).";

    private void SetOwner(TrioTask task)
    {
        _owner = task;
        (task.ExitObservers ??= []).Add(this);
    }

    private void ThrowIfOwner(TrioTask task)
    {
        if (_owner == task)
        {
            throw new InvalidOperationException(
                $"{_names.Type}: {task} attempted to re-acquire a lock it already holds; a {_names.Type} is not re-entrant. "
                + "Release it first, or restructure so the inner code does not acquire it again.");
        }
    }

    /// <summary>Starts an acquire: the node the task now waits on, blocked in the queue or yielding with the lock.</summary>
    private WaitNode<Acquisition> BeginAcquire(string api)
    {
        var task = _loop.Task(api);
        if (task.IsEffectivelyCancelled)
        {
            return _waiters.Yield(task, default, checkCancel: true);
        }

        ThrowIfOwner(task);
        if (_broken)
        {
            throw new BrokenResourceException(BrokenMessage);
        }

        task.PrepareToPark();
        var acquisition = new Acquisition(this, null);
        if (_owner is not null)
        {
            return _waiters.Park(task, _names.WaitDescription, acquisition, null);
        }

        SetOwner(task);
        return _waiters.Yield(task, acquisition, checkCancel: false);
    }

    /// <summary>A lock type's API names, made once per type rather than per call.</summary>
    private sealed class Names(string type)
    {
        internal static readonly Names TrioLock = new(nameof(TrioSharp.TrioLock));
        internal static readonly Names StrictFifoLock = new(nameof(TrioSharp.StrictFifoLock));

        internal string Type { get; } = type;

        internal string AcquireAsync { get; } = $"{type}.AcquireAsync";

        internal string AcquireScopeAsync { get; } = $"{type}.AcquireScopeAsync";

        internal string TryAcquire { get; } = $"{type}.TryAcquire";

        internal string Release { get; } = $"{type}.Release";

        internal string WaitDescription { get; } = $"{type}.AcquireAsync (waiting for the owner to release)";
    }
}
