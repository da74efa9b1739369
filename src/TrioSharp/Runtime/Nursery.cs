using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace TrioSharp;

/// <summary>
/// A scope that owns concurrent child tasks: it does not end until every child has ended, and it never loses
/// an error.
/// </summary>
/// <remarks>
/// <para>
/// Open one with <see cref="RunAsync(Func{Nursery, Task})"/>; the body runs in the calling task and counts as
/// a child. When the body or any child raises, the nursery's <see cref="CancelScope"/> is cancelled, so the
/// others get <see cref="Cancelled"/> at their next checkpoint; when all have ended, the nursery raises an
/// <see cref="ExceptionGroup"/> holding every error. Cancellations the nursery caused itself are absorbed;
/// if only cancellations from an outer scope remain, a single <see cref="Cancelled"/> propagates.
/// </para>
/// <para>
/// A nursery takes its body as a delegate because <c>await using</c> cannot see the body's exception.
/// Children may be started while the nursery waits for the others; once it has finished it is closed.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("Nursery of {_parent,nq}: {_children} children, closed={_closed}")]
public sealed class Nursery : ITaskOwner
{
    private readonly TrioTask _parent;
    private List<Exception>? _errors;
    private int _children;
    private int _pendingStarts;
    private bool _joining;
    private bool _closed;

    private Nursery(TrioTask parent)
    {
        _parent = parent;
        CancelScope = new CancelScope { Nursery = this };
    }

    /// <summary>The task that opened the nursery, for the loop's own walks.</summary>
    internal TrioTask Parent => _parent;

    /// <summary>The nursery's scope: cancel it to cancel the body and every child.</summary>
    public CancelScope CancelScope { get; }

    /// <summary>How many children are running.</summary>
    public int ChildCount => _children;

    /// <summary>Whether the nursery has finished and accepts no new children.</summary>
    public bool IsClosed => _closed;

    /// <summary>The task that opened the nursery and runs its body (Trio's <c>parent_task</c>).</summary>
    public LowLevel.TaskInfo ParentTask => _parent.Info;

    /// <summary>A snapshot of the running children, oldest first (Trio's <c>child_tasks</c>).</summary>
    /// <remarks>
    /// A child started with <see cref="StartAsync(Func{StartStatus, Task}, string?)"/> joins once it has called Started().
    /// Found by walking the run's live tasks: no list of children is kept, so spawning pays nothing for this view.
    /// </remarks>
    public IReadOnlyList<LowLevel.TaskInfo> ChildTasks => [.. Children.Select(static child => child.Info)];

    /// <summary>The running children, oldest first, for the loop's own walks.</summary>
    internal IEnumerable<TrioTask> Children => _parent.Runner.LiveTasksOldestFirst().Where(task => task.Owner == this);

    /// <summary>Opens a nursery, runs <paramref name="body"/> in it, and waits for every child.</summary>
    /// <exception cref="ExceptionGroup">The body or a child raised; the group holds every error.</exception>
    /// <exception cref="Cancelled">An outer scope was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    /// <param name="body">The nursery's body, which runs in the calling task and counts as a child.</param>
    /// <returns>A task that completes when the body (and, for a nursery, every child) has ended.</returns>
    public static Task RunAsync(Func<Nursery, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunAsync<bool>(async nursery =>
        {
            await body(nursery);
            return true;
        });
    }

    /// <summary>Opens a nursery, runs <paramref name="body"/> in it, waits for every child, and returns the body's result.</summary>
    /// <exception cref="ExceptionGroup">The body or a child raised; the group holds every error.</exception>
    /// <exception cref="Cancelled">An outer scope was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    /// <param name="body">The nursery's body, which runs in the calling task and counts as a child.</param>
    /// <returns>A task that completes when the body (and, for a nursery, every child) has ended.</returns>
    public static async Task<T> RunAsync<T>(Func<Nursery, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var task = Trio.CurrentTask("Nursery.RunAsync");
        var nursery = new Nursery(task);
        nursery.CancelScope.Enter(task);
        T result = default!;
        try
        {
            result = await body(nursery);
        }
        catch (Exception e)
        {
            nursery.AddError(e);
        }

        if (nursery._children + nursery._pendingStarts == 0)
        {
            // Nothing to wait for: the exit is still a schedule point (never a cancel point), as in Trio since 0.23,
            // so a loop that opens empty nurseries cannot starve the other tasks. Unlike Trio the nursery stays open
            // during it, so a child started meanwhile (say, by a scheduler filling its running level) is waited for
            // instead of failing.
            await task.ParkRunnable(checkCancel: false);
        }

        if (nursery._children + nursery._pendingStarts > 0)
        {
            nursery._joining = true;
            await task.ParkBlocked("waiting for its nursery's children to finish", null);
            nursery._joining = false;
        }

        nursery._closed = true;
        var error = nursery.CancelScope.Exit(task, nursery._errors is null ? null : new ExceptionGroup(nursery._errors));
        if (error is not null)
        {
            if (CancelScope.IsCancellation(error) && error is ExceptionGroup group)
            {
                // Only outer cancellations are left: one Cancelled says the same and is what callers catch.
                error = group.Flatten().InnerExceptions[0];
            }

            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return result;
    }

    /// <summary>
    /// Starts <paramref name="function"/> as a child. Returns at once; the child's first step runs in a later
    /// batch, after the caller's next checkpoint.
    /// </summary>
    /// <param name="function">The child's body.</param>
    /// <param name="name">A name for messages and deadlock reports; the method's name when null.</param>
    /// <exception cref="InvalidOperationException">The nursery is closed, or the call is not on its loop's thread.</exception>
    public void StartSoon(Func<Task> function, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckOpen("StartSoon");
        _children++;
        _parent.Runner.Spawn(name, function, function, CancelScope, this);
    }

    /// <summary>
    /// Starts <paramref name="function"/> and waits until it calls <see cref="StartStatus.Started()"/>; until
    /// then it runs in the caller's cancel scope and its errors come out of this call.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The nursery is closed, or the child returned without calling <see cref="StartStatus.Started()"/>.
    /// </exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled before the child started.</exception>
    /// <param name="function">The child's body.</param>
    /// <param name="name">A name for messages, deadlock reports and task-tree dumps; the method's name when null.</param>
    /// <returns>A task that completes once the child has called Started().</returns>
    public async Task StartAsync(Func<StartStatus, Task> function, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        await StartAsync<object?>(status => function(status), name ?? TaskName.Of(function));
    }

    /// <summary>
    /// Starts <paramref name="function"/>, waits until it calls <see cref="StartStatus{T}.Started(T)"/>, and
    /// returns the value it passed; until then it runs in the caller's cancel scope and its errors come out of
    /// this call. Afterwards it is a child of this nursery.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The nursery is closed, or the child returned without calling <see cref="StartStatus{T}.Started(T)"/>.
    /// </exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled before the child started.</exception>
    /// <param name="function">The child's body.</param>
    /// <param name="name">A name for messages, deadlock reports and task-tree dumps; the method's name when null.</param>
    /// <returns>A task that completes once the child has called Started().</returns>
    public async Task<T> StartAsync<T>(Func<StartStatus<T>, Task> function, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var caller = Trio.CurrentTask("Nursery.StartAsync");
        CheckOpen("StartAsync");
        var start = new PendingStart<T>(this, caller);
        _pendingStarts++;
        start.Child = caller.Runner.Spawn(name, function, () => function(start.Status), caller.Scope, start);
        await caller.ParkBlocked($"waiting for {start.Child} to call Started()", null);
        return start.Outcome();
    }

    /// <inheritdoc/>
    void ITaskOwner.OnTaskExit(TrioTask task, Exception? error)
    {
        _children--;
        if (error is not null)
        {
            AddError(error);
        }

        WakeIfDone();
    }

    /// <inheritdoc/>
    TrioTask? ITaskOwner.ParentOfOwned => _parent;

    private void AddError(Exception error)
    {
        error = CancelScope.NormalizeCancellation(error, CancelScope);
        (_errors ??= []).Add(error);
        if (!CancelScope.IsCancellation(error))
        {
            CancelScope.Cancel();
        }
    }

    private void CheckOpen(string api)
    {
        if (!_parent.Runner.IsLoopThread || Runner.Current != _parent.Runner)
        {
            throw new InvalidOperationException(
                $"Nursery.{api} must be called on the thread of the loop that runs the nursery.");
        }

        if (_closed)
        {
            throw new InvalidOperationException(
                $"Nursery.{api}: this nursery is closed to new arrivals because it has finished; "
                + "start the task in a nursery that is still open.");
        }
    }

    private void WakeIfDone()
    {
        if (_joining && _children + _pendingStarts == 0)
        {
            _joining = false;
            _parent.WakeInline();
        }
    }

    /// <summary>A child started with <see cref="StartAsync{T}"/> that has not yet called Started().</summary>
    private sealed class PendingStart<T> : ITaskOwner, IStartTarget<T>
    {
        private readonly Nursery _nursery;
        private readonly TrioTask _caller;
        private readonly CancelScope _callerScope;
        private Exception? _error;
        private bool _startedCalled;
        private bool _moved;
        private bool _exited;
        private T _value = default!;

        internal PendingStart(Nursery nursery, TrioTask caller)
        {
            _nursery = nursery;
            _caller = caller;
            _callerScope = caller.Scope;
            Status = new StartStatus<T>(this);
        }

        internal StartStatus<T> Status { get; }

        /// <inheritdoc/>
        TrioTask? ITaskOwner.ParentOfOwned => _caller;

        internal TrioTask Child { get; set; } = null!;

        public void Started(T value)
        {
            if (_startedCalled)
            {
                throw new InvalidOperationException("StartStatus.Started() was already called; call it once.");
            }

            _startedCalled = true;
            _value = value;
            if (Child.IsEffectivelyCancelled)
            {
                // The caller is being cancelled: the child stays under it, and StartAsync reports the outcome.
                return;
            }

            _moved = true;
            _nursery._pendingStarts--;
            _nursery._children++;
            Child.Owner = _nursery;
            CancelScope.Reparent(Child, _callerScope, _nursery.CancelScope);
            _caller.Wake();
        }

        public void OnTaskExit(TrioTask task, Exception? error)
        {
            _exited = true;
            _error = error;
            _nursery._pendingStarts--;
            _caller.WakeInline();
            _nursery.WakeIfDone();
        }

        internal T Outcome()
        {
            if (_moved)
            {
                return _value;
            }

            if (_error is not null)
            {
                ExceptionDispatchInfo.Capture(_error).Throw();
            }

            if (_exited && !_startedCalled)
            {
                throw new InvalidOperationException(
                    $"{Child} returned without calling StartStatus.Started(); a function passed to Nursery.StartAsync "
                    + "must call Started() once it is ready.");
            }

            return _value;
        }
    }
}
