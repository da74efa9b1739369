using System.Runtime.ExceptionServices;

namespace TrioSharp;

/// <summary>
/// A region of a task that can be cancelled as a unit, explicitly or by a deadline on the loop's clock.
/// </summary>
/// <remarks>
/// <para>
/// Scopes form a tree: a scope entered inside another is its child, and a nursery's children live inside the
/// nursery's scope. Cancelling a scope cancels everything inside it, except what is behind a
/// <see cref="Shield"/>. Cancellation is level-triggered: every checkpoint inside a cancelled scope raises
/// <see cref="Cancelled"/>, however often the code catches it. The library's own waits see the current
/// scope without being passed a token; BCL calls get one from <see cref="Token"/> or
/// <see cref="Trio.CurrentCancellationToken"/>.
/// </para>
/// <para>
/// When a <see cref="Cancelled"/> reaches the end of a scope, the scope absorbs it if the scope itself was
/// cancelled and no cancellation of its parent is visible to it, so the outermost cancelled scope catches it
/// and <see cref="CancelledCaught"/> becomes true. A scope is used once: enter it with
/// <see cref="RunAsync(Func{CancelScope, Task})"/>.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The token handed out by Token must stay usable after the scope ends; the source holds no unmanaged resource.")]
[System.Diagnostics.DebuggerDisplay("CancelScope deadline={_deadline}, shield={_shield}, cancelled={_cancelCalled}, entered={_entered}, exited={_exited}")]
public sealed class CancelScope : ITimerTarget
{
    private Runner? _runner;
    private CancelScope? _parent;
    private IntrusiveList<TrioTask, TrioTask.InScope> _tasks;
    private IntrusiveList<CancelScope, AsChild> _children;
    private ListLinks<CancelScope> _childLinks;
    private AggregateException? _deadlineCallbackError;
    private CancellationTokenSource? _tokenSource;
    private long _deadline = long.MaxValue;
    private long? _relativeDeadline;
    private long _deadlineVersion;
    private bool _cancelCalled;
    private bool _cancelledCaught;
    private bool _shield;
    private bool _entered;
    private bool _exited;

    /// <summary>Creates a scope with no deadline, not shielded.</summary>
    public CancelScope()
    {
    }

    /// <summary>Creates a scope that shields its inside from outer cancellation when <paramref name="shield"/> is true.</summary>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    public CancelScope(bool shield) => _shield = shield;

    /// <summary>Whether <see cref="Cancel"/> was called or the deadline passed while the scope was active.</summary>
    /// <remarks>
    /// Read on the loop thread, an active scope whose deadline is already due counts as cancelled, as in Trio. Reading
    /// it changes nothing: the scope is cancelled by its deadline's timer, before the next batch runs.
    /// </remarks>
    public bool CancelCalled =>
        _cancelCalled
        || (_entered && !_exited && _deadline != long.MaxValue && Runner.Current is { } runner
            && _runner == runner && _deadline <= runner.Now);

    /// <summary>Whether this scope absorbed a <see cref="Cancelled"/> when its body ended.</summary>
    public bool CancelledCaught => _cancelledCaught;

    /// <summary>
    /// Whether outer cancellations are kept out of this scope. Cancelling this scope itself, or scopes inside
    /// it, still works. Turning the shield off while an outer scope is cancelled wakes the tasks inside at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on an active scope from a thread other than its loop's.</exception>
    public bool Shield
    {
        get => _shield;
        set
        {
            if (_shield == value)
            {
                return;
            }

            if (IsActive)
            {
                CheckLoopThread("CancelScope.Shield");
            }

            _shield = value;
            if (!value && IsActive && _parent!.IsEffectivelyCancelled)
            {
                PropagateCancellation();
            }
        }
    }

    /// <summary>
    /// The absolute deadline on the loop's clock (<see cref="Trio.CurrentTime"/>), or
    /// <see cref="TimeSpan.MaxValue"/> for none. Moving it to or before now cancels the scope at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The scope has a relative deadline and has not been entered yet, or the value is set on an active scope
    /// from a thread other than its loop's.
    /// </exception>
    public TimeSpan Deadline
    {
        get
        {
            ThrowIfRelativeAndUnentered();
            return TimeSpan.FromTicks(_deadline);
        }

        set
        {
            ThrowIfRelativeAndUnentered();
            SetDeadline(value.Ticks);
        }
    }

    /// <summary>
    /// The deadline as a duration: before entry, the time the scope will allow from when it is entered; after
    /// entry, the time left. Null for a scope whose deadline is absolute and not yet entered.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative.</exception>
    /// <exception cref="InvalidOperationException">
    /// Set on an unentered scope that has an absolute deadline, or on an active scope from a thread other than its loop's.
    /// </exception>
    public TimeSpan? RelativeDeadline
    {
        get
        {
            if (!_entered)
            {
                return _relativeDeadline is { } ticks ? TimeSpan.FromTicks(ticks) : null;
            }

            return _deadline == long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks(_deadline - _runner!.Now);
        }

        set
        {
            if (value is { } duration && duration < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A relative deadline must be non-negative.");
            }

            if (!_entered)
            {
                if (value is not null && _deadline != long.MaxValue)
                {
                    // As Trio: a scope has one kind of deadline until it is entered; silently dropping the
                    // absolute one would make the scope end at a time nobody asked for.
                    throw new InvalidOperationException(
                        "This scope already has an absolute deadline (Deadline or CancelScope.WithDeadline); it cannot also "
                        + "have a relative one before it is entered. Use one or the other: CancelScope.WithTimeout for a "
                        + "duration counted from entry, or set RelativeDeadline once the scope is running.");
                }

                _relativeDeadline = value?.Ticks;
                return;
            }

            if (IsActive)
            {
                CheckLoopThread("CancelScope.RelativeDeadline");
            }

            SetDeadline(value is { } d ? SaturatingAdd(_runner!.Now, d.Ticks) : long.MaxValue);
        }
    }

    /// <summary>
    /// A token that is cancelled exactly when this scope becomes cancelled (itself, by its deadline, or by an
    /// unshielded outer scope), for BCL calls such as <c>HttpClient.GetAsync(url, token)</c>. An
    /// <see cref="OperationCanceledException"/> carrying it is treated as this scope's <see cref="Cancelled"/>.
    /// </summary>
    public CancellationToken Token
    {
        get
        {
            if (_tokenSource is null)
            {
                _tokenSource = new CancellationTokenSource();
                if (IsEffectivelyCancelled)
                {
                    _tokenSource.Cancel();
                }
            }

            return _tokenSource.Token;
        }
    }

    /// <summary>Whether a cancellation is visible inside this scope: its own, or an unshielded ancestor's.</summary>
    internal bool IsEffectivelyCancelled
    {
        get
        {
            for (var scope = this; scope is not null; scope = scope._parent)
            {
                if (scope._cancelCalled)
                {
                    return true;
                }

                if (scope._shield)
                {
                    return false;
                }
            }

            return false;
        }
    }

    /// <summary>The scope this one was entered in.</summary>
    internal CancelScope? Parent => _parent;

    /// <summary>The nursery this is the scope of, or null for a plain scope (how a task's open nurseries are found).</summary>
    internal Nursery? Nursery { get; init; }

    /// <summary>The nursery this is the scope of if <paramref name="task"/> opened it, else null.</summary>
    internal Nursery? NurseryOpenedBy(TrioTask task) => Nursery is { } nursery && nursery.Parent == task ? nursery : null;

    /// <summary>The absolute deadline in ticks (<see cref="long.MaxValue"/> for none), read without the checks of <see cref="Deadline"/>.</summary>
    internal long DeadlineTicks => _deadline;

    /// <summary>Whether the scope has been entered in <paramref name="runner"/> and not exited (the root and system scopes always are).</summary>
    internal bool IsActiveIn(Runner runner) => _runner == runner && IsActive;

    /// <summary>Whether <see cref="Cancel"/> has run, without the deadline check <see cref="CancelCalled"/> makes.</summary>
    internal bool CancelRequested => _cancelCalled;

    private bool IsActive => _entered && !_exited;

    /// <summary>Creates a scope that will cancel itself at <paramref name="deadline"/> on the loop's clock.</summary>
    /// <param name="deadline">The absolute deadline on the loop's clock (<see cref="Trio.CurrentTime"/>).</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A new, unentered scope.</returns>
    public static CancelScope WithDeadline(TimeSpan deadline, bool shield = false) =>
        new(shield) { _deadline = deadline.Ticks };

    /// <summary>Creates a scope that will cancel itself <paramref name="timeout"/> after it is entered.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <param name="timeout">The time allowed, counted from when the scope is entered.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A new, unentered scope.</returns>
    public static CancelScope WithTimeout(TimeSpan timeout, bool shield = false) =>
        new(shield) { RelativeDeadline = timeout };

    /// <summary>
    /// Cancels the scope: every task inside it gets <see cref="Cancelled"/> at its next checkpoint, tasks
    /// blocked inside wake at once, and <see cref="Token"/> fires. Synchronous and idempotent; the caller never
    /// gets <see cref="Cancelled"/> from it. A scope cancelled before it is entered starts out cancelled.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on an active scope from a thread other than its loop's.</exception>
    /// <exception cref="AggregateException">A callback registered on <see cref="Token"/> threw.</exception>
    public void Cancel()
    {
        if (_cancelCalled)
        {
            return;
        }

        if (IsActive)
        {
            CheckLoopThread("CancelScope.Cancel");
        }

        _cancelCalled = true;
        if (IsActive)
        {
            PropagateCancellation();
        }
        else
        {
            // Nothing runs inside an unentered or exited scope, but a token may already have been handed out.
            _tokenSource?.Cancel();
        }
    }

    /// <summary>Runs <paramref name="body"/> inside this scope.</summary>
    /// <exception cref="InvalidOperationException">The scope was entered before, or the call is not on a TrioSharp loop.</exception>
    /// <exception cref="Cancelled">An outer scope was cancelled (this one does not catch that).</exception>
    /// <exception cref="AggregateException">The deadline cancelled the scope and a callback on <see cref="Token"/> threw.</exception>
    /// <param name="body">The work to run under the scope.</param>
    /// <returns>A task that completes when the body (and, for a nursery, every child) has ended.</returns>
    public Task RunAsync(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunAsync(_ => body());
    }

    /// <summary>Runs <paramref name="body"/> inside this scope, passing the scope so the body can cancel it.</summary>
    /// <exception cref="InvalidOperationException">The scope was entered before, or the call is not on a TrioSharp loop.</exception>
    /// <exception cref="Cancelled">An outer scope was cancelled (this one does not catch that).</exception>
    /// <exception cref="AggregateException">The deadline cancelled the scope and a callback on <see cref="Token"/> threw.</exception>
    /// <param name="body">The work to run under the scope.</param>
    /// <returns>A task that completes when the body (and, for a nursery, every child) has ended.</returns>
    public async Task RunAsync(Func<CancelScope, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var task = Trio.CurrentTask("CancelScope.RunAsync");
        Enter(task);
        Exception? error = null;
        try
        {
            await body(this);
        }
        catch (Exception e)
        {
            error = e;
        }

        error = Exit(task, error);
        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <inheritdoc/>
    /// <remarks>A cancelled scope's deadline can change nothing, so the loop neither wakes for it nor reports it (as in Trio).</remarks>
    bool ITimerTarget.IsArmed(long version) => version == _deadlineVersion && IsActive && !_cancelCalled;

    /// <inheritdoc/>
    /// <remarks>
    /// A deadline has no caller to hand the <see cref="AggregateException"/> of a throwing token callback to: the
    /// scope keeps it and raises it when it exits, where its owner (and a nursery around it) can handle it.
    /// </remarks>
    void ITimerTarget.Fire()
    {
        try
        {
            Cancel();
        }
        catch (AggregateException e)
        {
            _deadlineCallbackError = e;
        }
    }

    /// <summary>Creates the run's root scope.</summary>
    internal static CancelScope CreateRoot(Runner runner) => new() { _runner = runner, _entered = true };

    /// <summary>Creates the run's system scope, a child of <paramref name="root"/> that never exits.</summary>
    internal static CancelScope CreateSystem(CancelScope root)
    {
        var scope = new CancelScope { _runner = root._runner, _entered = true, _parent = root };
        root.AddChild(scope);
        return scope;
    }

    /// <summary>
    /// Turns an <see cref="OperationCanceledException"/> raised by a token of <paramref name="scope"/> or one
    /// of its ancestors into <see cref="Cancelled"/>, so the scope that caused it can catch it.
    /// </summary>
    internal static Exception NormalizeCancellation(Exception error, CancelScope scope)
    {
        if (error is not OperationCanceledException cancellation || error is Cancelled)
        {
            return error;
        }

        for (var s = scope; s is not null; s = s._parent)
        {
            if (s._tokenSource is { } source && cancellation.CancellationToken == source.Token)
            {
                return new Cancelled(cancellation);
            }
        }

        return error;
    }

    /// <summary>Whether <paramref name="error"/> is a TrioSharp cancellation, or a group holding only those.</summary>
    internal static bool IsCancellation(Exception error) => error switch
    {
        Cancelled => true,
        ExceptionGroup group => group.InnerExceptions.All(IsCancellation),
        _ => false,
    };

    /// <summary>Makes this scope <paramref name="task"/>'s current scope.</summary>
    internal void Enter(TrioTask task)
    {
        if (_entered)
        {
            throw new InvalidOperationException(
                "Each CancelScope may be entered only once; create a new CancelScope for each RunAsync.");
        }

        _entered = true;
        _runner = task.Runner;
        _parent = task.Scope;
        _parent.AddChild(this);
        _parent.RemoveTask(task);
        AddTask(task);
        task.Scope = this;
        var now = _runner.Now;
        if (_relativeDeadline is { } relative)
        {
            _deadline = SaturatingAdd(now, relative);
            _relativeDeadline = null;
        }

        if (_deadline <= now)
        {
            _cancelCalled = true;
        }
        else if (_deadline != long.MaxValue)
        {
            _runner.AddTimer(this, ++_deadlineVersion, _deadline);
        }

        // A token handed out before entry must fire if the scope starts out cancelled (its own Cancel or deadline,
        // or an enclosing cancelled scope): nothing else will propagate to it.
        if (_tokenSource is { IsCancellationRequested: false } source && IsEffectivelyCancelled)
        {
            source.Cancel();
        }

        CheckChain(task);
    }

    /// <summary>
    /// The scope chain of <paramref name="task"/> is sound: every scope from its current one up to the run's root is
    /// active in its run, and each is one of its parent's children.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private static void CheckChain(TrioTask task)
    {
        var depth = 0;
        for (var scope = task.Scope; scope._parent is { } parent; scope = parent)
        {
            InvariantViolation.Check(scope.IsActiveIn(task.Runner), "a task's scope chain holds a scope that is not active in its run.");
            InvariantViolation.Check(++depth < 100_000, "a task's scope chain has a cycle.");
        }
    }

    /// <summary>
    /// Leaves the scope and decides the fate of <paramref name="error"/>: returns what must propagate, or
    /// null when the scope absorbed the cancellation.
    /// </summary>
    internal Exception? Exit(TrioTask task, Exception? error)
    {
        if (task.Scope != this)
        {
            throw new InvalidOperationException(
                "Cancel scopes were exited out of order: this scope ended while a scope entered inside it was still "
                + "open. Await every CancelScope.RunAsync and Nursery.RunAsync before the enclosing one ends.",
                error);
        }

        RemoveTask(task);
        _parent!.AddTask(task);
        task.Scope = _parent;
        _parent.RemoveChild(this);
        _exited = true;
        InvariantViolation.Check(_tasks.Count == 0 && _children.Count == 0, "a cancel scope exited while tasks or scopes were still inside it.");
        CheckChain(task);
        _deadlineVersion++;
        var result = error is null ? null : Catch(error);
        return _deadlineCallbackError switch
        {
            null => result,
            { } callbacks when result is null or Cancelled => callbacks,
            { } callbacks => new AggregateException(result, callbacks),
        };
    }

    /// <summary>What of <paramref name="error"/> leaves the scope: all of it, or what remains once it catches its own cancellation.</summary>
    private Exception? Catch(Exception error)
    {
        error = NormalizeCancellation(error, this);
        var catches = _cancelCalled && (_shield || !_parent!.IsEffectivelyCancelled);
        if (!catches)
        {
            return error;
        }

        var remaining = WithoutCancellations(error);
        if (!ReferenceEquals(remaining, error))
        {
            _cancelledCaught = true;
        }

        return remaining;
    }

    /// <summary>Moves a task that a pending start ran under <paramref name="from"/> into <paramref name="to"/>.</summary>
    internal static void Reparent(TrioTask task, CancelScope from, CancelScope to)
    {
        CancelScope? outermost = null;
        for (var scope = task.Scope; scope != from; scope = scope._parent!)
        {
            outermost = scope;
        }

        if (outermost is null)
        {
            from.RemoveTask(task);
            to.AddTask(task);
            task.Scope = to;
            if (to.IsEffectivelyCancelled)
            {
                task.OnCancelled();
            }

            return;
        }

        from.RemoveChild(outermost);
        outermost._parent = to;
        to.AddChild(outermost);
        if (to.IsEffectivelyCancelled && !outermost._shield)
        {
            outermost.PropagateCancellation();
        }
    }

    internal void AddTask(TrioTask task) => _tasks.AddFirst(task);

    internal void RemoveTask(TrioTask task) => _tasks.Remove(task);

    private static Exception? WithoutCancellations(Exception error)
    {
        switch (error)
        {
            case Cancelled:
                return null;
            case ExceptionGroup group:
                var kept = new List<Exception>();
                var changed = false;
                foreach (var inner in group.InnerExceptions)
                {
                    var rest = WithoutCancellations(inner);
                    changed |= !ReferenceEquals(rest, inner);
                    if (rest is not null)
                    {
                        kept.Add(rest);
                    }
                }

                if (!changed)
                {
                    return group;
                }

                return kept.Count == 0 ? null : new ExceptionGroup(kept);
            default:
                return error;
        }
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;

    private void SetDeadline(long deadline)
    {
        if (!IsActive)
        {
            _deadline = deadline;

            // As for an active scope, a deadline moved to or before the loop's time cancels an unentered scope at once,
            // so moving it back later does not undo that (CancelCalled itself changes nothing when read).
            if (!_entered && Runner.Current is { } runner && deadline <= runner.Now)
            {
                Cancel();
            }

            return;
        }

        CheckLoopThread("CancelScope.Deadline");
        _deadline = deadline;
        _deadlineVersion++;
        if (_deadline <= _runner!.Now)
        {
            Cancel();
        }
        else if (_deadline != long.MaxValue)
        {
            _runner.AddTimer(this, _deadlineVersion, _deadline);
        }
    }

    private void ThrowIfRelativeAndUnentered()
    {
        if (!_entered && _relativeDeadline is not null)
        {
            throw new InvalidOperationException(
                "This scope's deadline is relative (RelativeDeadline); it has no absolute Deadline until it is entered.");
        }
    }

    private void CheckLoopThread(string api)
    {
        if (!_runner!.IsLoopThread)
        {
            throw new InvalidOperationException(
                $"{api} must be used on the thread of the loop that runs the scope; post the call to the loop instead.");
        }
    }

    private void AddChild(CancelScope child) => _children.AddFirst(child);

    private void RemoveChild(CancelScope child) => _children.Remove(child);

    /// <summary>Wakes every blocked task inside this scope and fires the tokens of every scope that now sees the cancellation.</summary>
    private void PropagateCancellation()
    {
        var sources = new List<CancellationTokenSource>();
        Propagate(sources);

        // Tokens fire after the tree walk, so callbacks that run BCL code cannot change the tree under it. A
        // throwing callback must not leave the remaining tokens unfired: fire them all, then report the errors.
        List<Exception>? errors = null;
        foreach (var source in sources)
        {
            try
            {
                source.Cancel();
            }
            catch (AggregateException e)
            {
                (errors ??= []).AddRange(e.InnerExceptions);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }

    private void Propagate(List<CancellationTokenSource> sources)
    {
        if (_tokenSource is { IsCancellationRequested: false } source)
        {
            sources.Add(source);
        }

        for (var task = _tasks.First; task is not null;)
        {
            var next = task.ScopeLinks.Next;
            task.OnCancelled();
            task = next;
        }

        for (var child = _children.First; child is not null; child = child._childLinks.Next)
        {
            if (!child._shield && !child._cancelCalled)
            {
                child.Propagate(sources);
            }
        }
    }

    /// <summary>The link field of a scope's list of child scopes.</summary>
    private readonly struct AsChild : ILinkField<CancelScope>
    {
        public static ref ListLinks<CancelScope> Of(CancelScope node) => ref node._childLinks;
    }
}
