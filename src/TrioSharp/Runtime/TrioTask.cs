using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace TrioSharp;

/// <summary>
/// One task on the loop: the entry point or a nursery child.
/// </summary>
/// <remarks>
/// A task is its own <see cref="SynchronizationContext"/>, so every <c>await</c> inside it captures it and
/// every continuation of foreign work (an HTTP response, a thread-pool task) is posted back to the loop
/// with the task it belongs to. It is also the <see cref="IValueTaskSource"/> behind every library wait:
/// a task waits on one thing at a time, so one reusable source per task makes waits allocation-free.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}: {Waiting}, {WaitDescription}")]
internal sealed class TrioTask : SynchronizationContext, IValueTaskSource, ITimerTarget
{
    private Func<Task>? _body;
    private Task? _bodyTask;
    private readonly Delegate? _nameSource;
    private string? _name;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private ExecutionContext? _executionContext;
    private Exception? _resumeError;
    private bool _resumed;
    private short _version;
    private long _timerVersion;
    private bool _sleeping;

    internal TrioTask(Runner runner, int id, string? name, Delegate? nameSource, Func<Task>? body, CancelScope scope, ITaskOwner owner)
    {
        Runner = runner;
        Id = id;
        _name = name;
        _nameSource = nameSource;
        _body = body;
        Scope = scope;
        Owner = owner;
    }

    /// <summary>The loop this task runs on.</summary>
    internal Runner Runner { get; }

    /// <summary>A number unique within the run, for messages.</summary>
    internal int Id { get; }

    /// <summary>The name given at spawn, or derived from the spawned method.</summary>
    /// <remarks>Derived lazily: reflecting on the delegate costs more than spawning the task.</remarks>
    internal string Name => _name ??= TaskName.Of(_nameSource);

    /// <summary>The innermost cancel scope this task is in; never null.</summary>
    internal CancelScope Scope { get; set; }

    /// <summary>Who learns of this task's exit.</summary>
    internal ITaskOwner Owner { get; set; }

    /// <summary>Whether the task has exited.</summary>
    internal bool HasExited { get; private set; }

    /// <summary>The task's state as the loop's idle detection sees it.</summary>
    internal WaitKind Waiting { get; private set; }

    /// <summary>What the task is blocked on, for deadlock reports.</summary>
    internal string? WaitDescription { get; private set; }

    /// <summary>How to withdraw the task from its current blocking wait, if it can be withdrawn.</summary>
    internal IAbortable? Abortable { get; private set; }

    /// <summary>The token of the task's current wait, for primitives that wrap it in their own value-task source.</summary>
    internal short WaitToken => _version;

    /// <summary>Memory-channel operations completed without parking since the task last parked (see <see cref="CooperativeBudget"/>).</summary>
    internal int UnyieldedOps { get; set; }

    /// <summary>Primitives to tell when this task exits (locks it holds), or null.</summary>
    internal List<ITaskExitObserver>? ExitObservers { get; set; }

    /// <summary>This task's neighbours in its scope's task list.</summary>
    internal ListLinks<TrioTask> ScopeLinks;

    /// <summary>This task's neighbours in the runner's list of live tasks.</summary>
    internal ListLinks<TrioTask> LiveLinks;

    /// <summary>The task that started this one (through a nursery), or null for main and system tasks.</summary>
    internal TrioTask? ParentTask => Owner.ParentOfOwned;

    /// <summary>The nursery this task is a child of, or null (main, system tasks, a start not yet Started()).</summary>
    internal Nursery? ParentNursery => Owner as Nursery;

    /// <summary>The public read-only view of this task (a value: making one costs nothing).</summary>
    internal LowLevel.TaskInfo Info => new(this);

    /// <summary>Whether a cancellation is visible to this task at its current scope.</summary>
    internal bool IsEffectivelyCancelled => Scope.IsEffectivelyCancelled;

    /// <inheritdoc/>
    public override string ToString() => $"task '{Name}' (#{Id})";

    /// <summary>The nurseries open in this task, outermost first.</summary>
    /// <remarks>
    /// Found on the task's scope chain (an open nursery's scope stays on its parent's chain until it closes) rather than
    /// kept in a list per task, so a spawn pays nothing for this view.
    /// </remarks>
    internal List<Nursery> OpenNurseries()
    {
        var open = new List<Nursery>();
        for (var scope = Scope; scope is not null; scope = scope.Parent)
        {
            if (scope.NurseryOpenedBy(this) is { } nursery)
            {
                open.Add(nursery);
            }
        }

        open.Reverse();
        return open;
    }

    /// <summary>Runs the task's body to its first await; called by the loop for the task's first step.</summary>
    /// <remarks>
    /// Not an async method: a body that finishes at once exits here, and one that awaits gets a single continuation
    /// on its Task. Captured by this task's context, that continuation runs inline when the body's last step runs on
    /// the loop, so the task exits before anything else happens.
    /// </remarks>
    internal void RunBody()
    {
        Task body;
        try
        {
            body = _body!();
        }
        catch (Exception e)
        {
            Exit(e);
            return;
        }

        _body = null;
        if (body.IsCompleted)
        {
            Exit(ErrorOf(body));
            return;
        }

        _bodyTask = body;
        body.GetAwaiter().UnsafeOnCompleted(OnBodyCompleted);
    }

    /// <summary>The exception awaiting <paramref name="body"/> would raise, or null if it succeeded.</summary>
    private static Exception? ErrorOf(Task body)
    {
        if (body.IsCompletedSuccessfully)
        {
            return null;
        }

        try
        {
            body.GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private void OnBodyCompleted()
    {
        var body = _bodyTask!;
        _bodyTask = null;
        Exit(ErrorOf(body));
    }

    /// <summary>Marks the task exited and tells its owner.</summary>
    internal void Exit(Exception? error)
    {
        if (error is not null)
        {
            error = CancelScope.NormalizeCancellation(error, Scope);
        }

        HasExited = true;
        if (ExitObservers is { } observers)
        {
            ExitObservers = null;
            foreach (var observer in observers)
            {
                observer.OnTaskExited(this);
            }
        }

        Runner.OnTaskExited(this);
        Owner.OnTaskExit(this, error);
    }

    /// <summary>Parks the task at a schedule point: it goes to the back of the run queue.</summary>
    /// <param name="checkCancel">Whether to raise <see cref="Cancelled"/> on resume if the task is cancelled then.</param>
    internal ValueTask ParkRunnable(bool checkCancel)
    {
        PrepareToPark();
        UnyieldedOps = 0;
        Waiting = WaitKind.Runnable;
        Runner.EnqueueResume(this, checkCancel);
        return new ValueTask(this, _version);
    }

    /// <summary>Parks the task in a library wait until someone calls <see cref="Wake"/>.</summary>
    /// <param name="description">What the task waits for, as a deadlock report should say it.</param>
    /// <param name="abortable">How a cancellation withdraws the task, or null if nothing can.</param>
    internal ValueTask ParkBlocked(string description, IAbortable? abortable)
    {
        PrepareToPark();
        UnyieldedOps = 0;
        Waiting = WaitKind.Blocked;
        WaitDescription = description;
        Abortable = abortable;
        Runner.OnBlocked();
        return new ValueTask(this, _version);
    }

    /// <summary>
    /// Parks the task until work it sent outside the loop reports back through <see cref="ResumeFromOutside"/>; a
    /// cancellation cannot withdraw it (the outside work is waited for, as Trio waits for a thread).
    /// </summary>
    /// <param name="description">What the task waits for, as a task dump says it.</param>
    internal ValueTask ParkOutside(string description)
    {
        PrepareToPark();
        UnyieldedOps = 0;
        Waiting = WaitKind.Outside;
        WaitDescription = description;
        return new ValueTask(this, _version);
    }

    /// <summary>Resumes a task parked by <see cref="ParkOutside"/> at once, on the caller's stack (the loop's thread).</summary>
    internal void ResumeFromOutside()
    {
        if (Waiting != WaitKind.Outside)
        {
            throw new InvalidOperationException($"{this} is not waiting on outside work; it cannot be resumed from it.");
        }

        Waiting = WaitKind.Runnable;
        WaitDescription = null;
        _resumeError = null;
        Runner.RunResume(this, checkCancel: false);
    }

    /// <summary>Parks the task until <paramref name="deadline"/> on the loop's clock, or a cancellation.</summary>
    internal ValueTask ParkUntil(long deadline, string description)
    {
        var pending = ParkBlocked(description, SleepAbort.Instance);
        _sleeping = true;
        Runner.AddTimer(this, ++_timerVersion, deadline);
        return pending;
    }

    /// <summary>Makes a blocked task runnable in the next batch, with <paramref name="error"/> to raise or none.</summary>
    internal void Wake(Exception? error = null)
    {
        LeaveBlocked(error);
        Runner.EnqueueResume(this, checkCancel: false);
    }

    /// <summary>
    /// Resumes a blocked task at once, on the caller's stack, before anything else runs.
    /// </summary>
    /// <remarks>
    /// Used only where the waker has nothing left to do (a timer firing, the last child of a nursery
    /// exiting), so the order of events at one instant follows cause and effect.
    /// </remarks>
    internal void WakeInline(Exception? error = null)
    {
        LeaveBlocked(error);
        Runner.RunResume(this, checkCancel: false);
    }

    /// <summary>Called by a cancellation that reaches this task's scope.</summary>
    internal void OnCancelled()
    {
        if (Waiting == WaitKind.Blocked && Abortable is { } abortable && abortable.TryAbort(this))
        {
            Wake(new Cancelled());
        }
    }

    /// <summary>Called by the loop when this task's turn in the run queue comes.</summary>
    internal void ResumeFromQueue(bool checkCancel)
    {
        if (checkCancel && Waiting == WaitKind.Runnable && IsEffectivelyCancelled)
        {
            _resumeError = new Cancelled();
        }

        Complete();
    }

    /// <inheritdoc/>
    bool ITimerTarget.IsArmed(long version) => _sleeping && version == _timerVersion;

    /// <inheritdoc/>
    void ITimerTarget.Fire()
    {
        _sleeping = false;
        WakeInline();
    }

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state) => Runner.Post(this, d, state);

    /// <inheritdoc/>
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Runner.IsLoopThread)
        {
            d(state);
            return;
        }

        throw new NotSupportedException(
            "A TrioSharp task cannot be entered synchronously from another thread; post to it instead.");
    }

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        if (!_resumed)
        {
            return ValueTaskSourceStatus.Pending;
        }

        return _resumeError switch
        {
            null => ValueTaskSourceStatus.Succeeded,
            OperationCanceledException => ValueTaskSourceStatus.Canceled,
            _ => ValueTaskSourceStatus.Faulted,
        };
    }

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);
        if (_continuation is not null)
        {
            throw new InvalidOperationException("A TrioSharp wait can be awaited only once.");
        }

        // The continuation always runs on the loop, as this task: the captured context would be this
        // task anyway, so the scheduling flags are honoured by construction.
        _continuation = continuation;
        _continuationState = state;
        _executionContext = (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0
            ? ExecutionContext.Capture()
            : null;
        if (_resumed)
        {
            // Completed before the await registered (only possible if someone stored the ValueTask).
            InvokeContinuation();
        }
    }

    /// <inheritdoc/>
    public void GetResult(short token)
    {
        CheckToken(token);
        if (!_resumed)
        {
            throw new InvalidOperationException("A TrioSharp wait was read before it finished; await it instead.");
        }

        var error = _resumeError;
        _resumeError = null;
        _resumed = false;
        _version++;
        if (error is not null)
        {
            throw error;
        }
    }

    /// <summary>Throws unless the task can park now; primitives call it before changing any state.</summary>
    internal void PrepareToPark()
    {
        if (Waiting != WaitKind.None || _continuation is not null || _resumed)
        {
            throw new InvalidOperationException(
                $"{this} is already waiting on something: a task waits on one thing at a time. "
                + "To wait on several, start a child for each in a nursery.");
        }

        if (HasExited)
        {
            throw new InvalidOperationException($"{this} has already exited and cannot wait.");
        }
    }

    private void LeaveBlocked(Exception? error)
    {
        if (Waiting != WaitKind.Blocked)
        {
            throw new InvalidOperationException($"{this} is not blocked; it cannot be woken.");
        }

        Runner.OnUnblocked();
        Waiting = WaitKind.Runnable;
        WaitDescription = null;
        Abortable = null;
        _sleeping = false;
        _resumeError = error;
    }

    private void Complete()
    {
        Waiting = WaitKind.None;
        _resumed = true;
        if (_continuation is not null)
        {
            InvokeContinuation();
        }
    }

    private void InvokeContinuation()
    {
        var continuation = _continuation!;
        var state = _continuationState;
        var context = _executionContext;
        _continuation = null;
        _continuationState = null;
        _executionContext = null;
        if (context is null)
        {
            continuation(state);
        }
        else
        {
            InvokeWithContext(context, continuation, state);
        }
    }

    private static void InvokeWithContext(ExecutionContext context, Action<object?> continuation, object? state) =>
        ExecutionContext.Run(context, static s =>
        {
            var (c, st) = ((Action<object?>, object?))s!;
            c(st);
        }, (continuation, state));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("This TrioSharp wait has already been awaited; a wait can be awaited only once.");
        }
    }

    /// <summary>Withdraws a sleeping task: its timer entry is disarmed, so the heap skips it.</summary>
    private sealed class SleepAbort : IAbortable
    {
        internal static readonly SleepAbort Instance = new();

        public bool TryAbort(TrioTask task)
        {
            task._sleeping = false;
            task._timerVersion++;
            return true;
        }
    }

    /// <summary>The link field of a scope's task list.</summary>
    internal readonly struct InScope : ILinkField<TrioTask>
    {
        /// <inheritdoc/>
        public static ref ListLinks<TrioTask> Of(TrioTask node) => ref node.ScopeLinks;
    }

    /// <summary>The link field of the runner's list of live tasks.</summary>
    internal readonly struct Live : ILinkField<TrioTask>
    {
        /// <inheritdoc/>
        public static ref ListLinks<TrioTask> Of(TrioTask node) => ref node.LiveLinks;
    }
}
