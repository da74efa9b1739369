using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using TrioSharp.LowLevel;

namespace TrioSharp;

/// <summary>
/// The run loop: one thread, a run queue processed in batches (FIFO, or reordered per batch by a seeded
/// <see cref="SchedulingPolicy"/>), a deadline heap, and an inbox for work that completes on other threads.
/// </summary>
/// <remarks>
/// Each iteration refreshes the loop's time, fires every deadline that is due (in deadline order, ties in
/// registration order, each sleeper resumed at once), then runs one batch: the run queue as it stood when
/// the batch began. Work queued during a batch runs in the next one. When the queue is empty the loop either
/// jumps the virtual clock (every task blocked on the library), waits for a deadline or for outside work,
/// or reports a deadlock (every task blocked and nothing can ever wake one).
/// </remarks>
[System.Diagnostics.DebuggerDisplay("run: {LiveTasks} live, {RunnableSteps} runnable, {BlockedTasks} blocked")]
internal sealed class Runner : ITaskOwner
{
    private const int MinTimersToCompact = 64;

    /// <summary>Tokens of the default limiter of <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/>, as Trio's.</summary>
    private const int DefaultThreadTokens = 40;

    [ThreadStatic]
    private static Runner? t_current;

    [ThreadStatic]
    private static Queue<WorkItem>? t_spareRunQueue;

    // Reused from the previous run on this thread: a run that spawns many tasks grows its queue once, not every time.
    private readonly Queue<WorkItem> _runQueue;
    private readonly Queue<WorkItem> _inbox = new();
    private readonly Lock _inboxLock = new();

    // What a thread-owning loop blocks on while idle (set by a waker under the inbox lock); null on a strand, which parks.
    // It never spins: a loop waits only when nothing is due, so spinning would only burn a core.
    private readonly ManualResetEventSlim? _wake;

    // Where a thread-owning loop on Linux waits instead, once anything has asked for socket waits (created on the loop's
    // thread, read under the inbox lock by wakers), and whether the loop is waiting in it now (under the inbox lock).
    private SocketReadiness? _sockets;
    private bool _socketsUnavailable;
    private bool _waitingInPoll;
    private readonly PriorityQueue<TimerEntry, (long Deadline, long Seq)> _timers = new();
    private readonly List<TrioTask> _blockedWaiters = [];
    private readonly List<(TimerEntry Entry, (long Deadline, long Seq) Priority)> _armedTimers = [];
    private readonly long _maxLagTicks;

    // Null under Trio.Run, which owns its thread; under Trio.RunAsync, what runs the loop's slices and ends the run.
    private readonly LoopStrand? _strand;

    // What observes the run (instruments, the meter, the stall detector), or null: then each event costs a null check.
    private readonly RunInstruments? _instruments;

    // Whether a strand parked idle and has not yet told the instruments that the wait ended (it tells at its next slice).
    private bool _idleWaitOpen;

    // Null under FIFO, so the default loop pays one null check per batch and nothing per step.
    private readonly Random? _batchRandom;
    private readonly bool _fullShuffle;
    private WorkItem[] _batchBuffer = [];
    private long _timerSeq;
    private int _nextTaskId;
    private int _iterations;
    private int _compactTimersAt = MinTimersToCompact;
    private long _now;
    private bool _stampPending;
    private int _blocked;
    private int _borrowerHashes;
    private bool _loopWaiting;
    private volatile bool _inboxPending;

    // Bumped under the inbox lock by every Signal: a wait that began after the loop last looked at its clock and
    // threshold sees the change and looks again, instead of waiting for a wake-up that was sent before it waited.
    private int _signals;

    /// <summary>Functions sent to threads by Trio.ToThreadAsync that have not reported back (loop thread only).</summary>
    private int _outsideWork;

    /// <summary>How many rounds of <see cref="SpinWait"/> a thread-owning loop spends waiting for a function to come back before it blocks.</summary>
    private const int OutsideWorkSpins = 35;

    // Counts the strand's parks (under the inbox lock), so a timer armed for an earlier park is ignored.
    private int _parks;

    // TrioRunOptions.Cancellation, whether it has fired (set under the inbox lock), and whether the loop has acted on it.
    private CancellationToken _cancellation;
    private CancellationTokenRegistration _cancellationRegistration;
    private bool _stopRequested;
    private bool _stopApplied;
    private volatile bool _finished;
    private IntrusiveList<TrioTask, TrioTask.Live> _live;
    private Exception? _mainError;
    private bool _mainExited;

    // Set once a TrioToken has been handed out: another thread may then wake a task at any time, so a loop whose
    // tasks are all blocked is waiting for it, not deadlocked.
    private bool _tokenIssued;
    private TrioToken? _token;
    private CapacityLimiter? _defaultThreadLimiter;

    // A RunSoon callback or a system task that threw: the run fails with it (as Trio's TrioInternalError), after
    // unwinding every task, with a message that names the culprit.
    private Exception? _callbackError;
    private string? _callbackErrorMessage;

    // When the current idle stretch began (a TimeProvider.System timestamp), or null while the loop is busy.
    private long? _idleSince;
    private object? _mainResult;
    private Dictionary<object, object?>? _runVars;
    private string? _deadlockReport;

    private Runner(TrioRunOptions options, LoopStrand? strand)
    {
        Clock = options.Clock ?? new SystemClock();
        _maxLagTicks = SystemClock.MaxLag.Ticks;
        _strand = strand;
        _wake = strand is null ? new ManualResetEventSlim(initialState: false, spinCount: 0) : null;
        _instruments = RunInstruments.Create(options);

        // A thread-owning run reuses the queue of the previous run on its thread; a strand moves between threads.
        _runQueue = strand is null ? TakeSpareRunQueue() : new Queue<WorkItem>();
        RootScope = CancelScope.CreateRoot(this);
        SystemScope = CancelScope.CreateSystem(RootScope);
        var scheduling = options.Scheduling ?? SchedulingPolicy.Fifo;
        if (scheduling.Order != SchedulingPolicy.BatchOrder.Fifo)
        {
            _batchRandom = new Random(scheduling.Seed);
            _fullShuffle = scheduling.Order == SchedulingPolicy.BatchOrder.Shuffled;
        }
    }

    private static Queue<WorkItem> TakeSpareRunQueue()
    {
        var queue = t_spareRunQueue ?? new Queue<WorkItem>();
        t_spareRunQueue = null;
        return queue;
    }

    /// <summary>The loop running on this thread, or null.</summary>
    internal static Runner? Current => t_current;

    /// <summary>The loop's clock.</summary>
    internal TrioClock Clock { get; }

    /// <summary>The loop's socket waits, created on first use (the loop's thread only); null on a strand or off Linux.</summary>
    internal SocketReadiness? Sockets
    {
        get
        {
            if (_sockets is null && _strand is null && !_socketsUnavailable)
            {
                // The loop is running, not waiting: its next idle wait is in the new epoll set.
                var created = SocketReadiness.TryCreate();
                _socketsUnavailable = created is null;
                lock (_inboxLock)
                {
                    _sockets = created;
                }
            }

            return _sockets;
        }
    }

    /// <summary>The scope every task descends from; cancelled only to unwind a deadlock.</summary>
    internal CancelScope RootScope { get; }

    /// <summary>The scope of system tasks (work submitted through a <see cref="TrioToken"/>): cancelled when main exits.</summary>
    internal CancelScope SystemScope { get; }

    /// <summary>The handle other threads use to reach this loop.</summary>
    internal TrioToken Token => _token ??= new TrioToken(this);

    /// <summary>The limiter <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> uses when given none.</summary>
    internal CapacityLimiter DefaultThreadLimiter => _defaultThreadLimiter ??= new CapacityLimiter(DefaultThreadTokens);

    /// <summary>The run's first task, which runs main.</summary>
    internal TrioTask MainTask { get; private set; } = null!;

    /// <summary>The values of the run's <see cref="LowLevel.RunVar{T}"/>s, keyed by the variable.</summary>
    internal Dictionary<object, object?> RunVars => _runVars ??= [];

    /// <summary>Whether anything observes the run (instruments, the meter, the stall detector); if not, events cost a null check.</summary>
    internal bool IsObserved => _instruments is not null;

    /// <summary>The task whose code is running now, or null between steps.</summary>
    internal TrioTask? CurrentTask { get; private set; }

    /// <summary>The strand that runs this loop in slices (<see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/>), or null for a thread-owning loop.</summary>
    internal LoopStrand? Strand => _strand;

    /// <summary>
    /// Whether this slice deferred a function to its end (<see cref="LoopStrand.TryDeferToSliceEnd"/>): cleared when the
    /// slice parks the loop (the slice's thread then runs the function) or goes on (the function goes to the pool).
    /// </summary>
    internal bool SliceDeferred { get; set; }

    /// <summary>Whether the caller is running this loop's code now (its thread, or the thread its strand is on).</summary>
    internal bool IsLoopThread => t_current == this;

    /// <summary>The loop's time in ticks of the clock's timeline.</summary>
    internal long Now
    {
        get
        {
            if (!Clock.IsPaced)
            {
                // A virtual clock can be jumped by the running task; reading it keeps Jump visible at once.
                var reading = Clock.ReadTicks();
                if (reading > _now)
                {
                    _now = reading;
                }
            }
            else if (_stampPending)
            {
                _stampPending = false;
                _now = Math.Max(_now, Clock.ReadTicks());
            }

            return _now;
        }
    }

    /// <summary>Number of tasks started and not yet exited.</summary>
    internal int LiveTasks => _live.Count;

    /// <summary>Whether the run has ended (its primitives may pass to another loop).</summary>
    internal bool IsFinished => _finished;

    /// <summary>Number of steps waiting in the run queue.</summary>
    internal int RunnableSteps => _runQueue.Count;

    /// <summary>Number of tasks blocked in a library wait.</summary>
    internal int BlockedTasks => _blocked;

    /// <summary>Entries in the deadline heap, disarmed ones included: a diagnostic showing stale entries do not pile up.</summary>
    internal int TimerEntries => _timers.Count;

    /// <summary>How often the loop has blocked waiting for outside work or time: a diagnostic showing it does not busy-wait.</summary>
    internal long IdleWaits { get; private set; }

    /// <summary>The earliest armed deadline, or <see cref="long.MaxValue"/>.</summary>
    internal long NextDeadline
    {
        get
        {
            DiscardDisarmedTimers();
            var next = _timers.TryPeek(out _, out var priority) ? priority.Deadline : long.MaxValue;
            return Math.Min(next, Clock.NextTimerTicks());
        }
    }

    /// <summary>Runs <paramref name="main"/> on a new loop on this thread and returns its result.</summary>
    internal static object? Run(Func<Task> main, Func<Task, object?>? readResult, TrioRunOptions? options)
    {
        if (t_current is not null)
        {
            throw new InvalidOperationException(
                "Trio.Run was called inside a running Trio.Run; start a child in a nursery instead, or await Trio.RunAsync "
                + "for a separate loop.");
        }

        var runner = new Runner(options ?? new TrioRunOptions(), strand: null);
        runner.Start(main, readResult, options);
        try
        {
            runner.RunSlice();
        }
        finally
        {
            runner.Finish();
        }

        return runner.Outcome();
    }

    /// <summary>Starts <paramref name="main"/> on a new loop that runs in slices on the thread pool (or the caller's context).</summary>
    internal static Task<object?> RunAsync(Func<Task> main, Func<Task, object?>? readResult, TrioRunOptions? options)
    {
        var strand = new LoopStrand();
        var runner = new Runner(options ?? new TrioRunOptions(), strand);
        strand.Bind(runner);
        runner.Start(main, readResult, options);
        strand.Dispatch();
        return strand.Completion;
    }

    /// <summary>Attaches the clock, spawns main and listens to the run's token: everything a run does before its first slice.</summary>
    private void Start(Func<Task> main, Func<Task, object?>? readResult, TrioRunOptions? options)
    {
        // Attach first: it refuses a clock that drives another run, and nothing else is changed yet.
        Clock.Attach(this);
        _instruments?.BeforeRun();
        Func<Task> body = readResult is null
            ? main
            : async () =>
            {
                var task = main();
                await task;
                _mainResult = readResult(task);
            };
        MainTask = Spawn("main", null, body, RootScope, this);
        _cancellation = options?.Cancellation ?? default;
        _cancellationRegistration = _cancellation.UnsafeRegister(static state => ((Runner)state!).RequestStop(), this);
    }

    /// <summary>Runs the loop on the calling thread until the run ends (true) or, on a strand, the loop parks (false).</summary>
    internal bool RunSlice()
    {
        var previousContext = SynchronizationContext.Current;
        var previousRunner = t_current;
        t_current = this;
        if (_idleWaitOpen)
        {
            _idleWaitOpen = false;
            _instruments!.AfterIdleWait();
        }

        try
        {
            if (_strand is not null && _inboxPending)
            {
                // A parked strand woken by outside work: what a thread-owning loop does when its wait returns with it.
                StampOutsideWork();
            }

            return Loop();
        }
        finally
        {
            // Only this thread's state: once the loop has parked, another thread may already run the next slice, so
            // the runner's own fields are not touched here (RunBatch leaves CurrentTask null after every batch).
            t_current = previousRunner;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>Ends the run's books: no work is accepted any more, and work submitted through the token is refused.</summary>
    internal void Finish()
    {
        List<IExternalWork>? refused = null;
        lock (_inboxLock)
        {
            _finished = true;
            while (_inbox.TryDequeue(out var item))
            {
                if (item.State is IExternalWork work)
                {
                    (refused ??= []).Add(work);
                }
            }
        }

        _cancellationRegistration.Dispose();
        _runQueue.Clear();
        if (_strand is null)
        {
            t_spareRunQueue = _runQueue;
        }

        Clock.Detach(this);
        _strand?.Finish();

        // No waker can set it any more: they set it only for a waiting loop, under the lock that marked the run finished.
        _wake?.Dispose();
        _sockets?.Dispose();
        _instruments?.AfterRun();
        if (refused is not null)
        {
            foreach (var work in refused)
            {
                work.Refuse(RunFinishedException.Create());
            }
        }
    }

    /// <summary>The run's result, or the exception it ends with.</summary>
    internal object? Outcome()
    {
        if (_deadlockReport is not null)
        {
            throw new DeadlockException(
                _deadlockReport,
                _mainError is Cancelled ? null : _mainError);
        }

        if (_callbackError is not null)
        {
            throw new InvalidOperationException(_callbackErrorMessage, _callbackError);
        }

        if (_mainError is Cancelled && _stopApplied)
        {
            throw new OperationCanceledException(
                "Trio.Run was cancelled by TrioRunOptions.Cancellation.", _mainError, _cancellation);
        }

        if (_mainError is not null)
        {
            ExceptionDispatchInfo.Capture(_mainError).Throw();
        }

        return _mainResult;
    }

    /// <summary>Creates a task and queues its first step.</summary>
    internal TrioTask Spawn(string? name, Delegate? nameSource, Func<Task> body, CancelScope scope, ITaskOwner owner)
    {
        var task = new TrioTask(this, ++_nextTaskId, name, nameSource, body, scope, owner);
        scope.AddTask(task);
        _live.AddFirst(task);
        _runQueue.Enqueue(new WorkItem(WorkKind.Start, task, null, null));
        if (_instruments is { } instruments)
        {
            instruments.TaskSpawned(task);
            instruments.TaskScheduled(task);
        }

        return task;
    }

    /// <inheritdoc/>
    /// <remarks>Main is the run's only task owned by the runner: when it exits, the system tasks are cancelled, as in Trio.</remarks>
    void ITaskOwner.OnTaskExit(TrioTask task, Exception? error)
    {
        _mainError = error;
        _mainExited = true;
        SystemScope.Cancel();
    }

    /// <summary>Whether main has exited, so work submitted through the token is refused.</summary>
    internal bool MainExited => _mainExited;

    /// <summary>Hands out the loop's token for use on other threads; from then on the loop never reports a deadlock.</summary>
    internal TrioToken IssueToken()
    {
        _tokenIssued = true;
        return Token;
    }

    /// <summary>Queues work submitted through the token, from any thread; false if the run has finished.</summary>
    /// <param name="work">The work.</param>
    /// <param name="mayRunLoopHere">
    /// Whether the caller is a thread-pool thread with nothing left to do, so a parked strand's next slice may run right
    /// here instead of being queued as another work item (a worker thread's result coming back).
    /// </param>
    internal bool PostExternal(IExternalWork work, bool mayRunLoopHere = false)
    {
        var item = new WorkItem(WorkKind.External, null, null, work);
        if (IsLoopThread)
        {
            _runQueue.Enqueue(item);
            return true;
        }

        return EnqueueFromOutside(item, mayRunLoopHere);
    }

    /// <summary>
    /// Posts <paramref name="work"/> from a thread that will run the loop's next slice itself if the post wakes the parked
    /// loop (<see cref="LoopStrand"/>'s trampoline for a function deferred to the end of a slice).
    /// </summary>
    /// <returns>True if the post claimed the parked loop: the caller must run its next slice.</returns>
    internal bool PostExternalAndClaim(IExternalWork work)
    {
        var item = new WorkItem(WorkKind.External, null, null, work);
        lock (_inboxLock)
        {
            if (_finished)
            {
                return false;
            }

            if (!_loopWaiting || _strand is null || _inbox.Count > 0 || StopPending)
            {
                _inbox.Enqueue(item);
                _inboxPending = true;
                return WakeLocked();
            }

            // The loop is parked and nothing else is in its inbox: claim it and hand the work straight to the slice the
            // caller runs next, without a trip through the inbox (and its lock) at the start of that slice.
            _loopWaiting = false;
        }

        _runQueue.Enqueue(item);
        StampOutsideWork();
        return true;
    }

    /// <summary>Fails the run with an exception raised by a <see cref="TrioToken.RunSoon"/> callback, after unwinding every task.</summary>
    internal void FailFromCallback(Exception error) => FailRun(
        error,
        "A callback passed to TrioToken.RunSoon threw; the run was cancelled and ends with its exception. Catch "
        + "errors inside such callbacks, or use TrioToken.InvokeAsync to receive them.");

    /// <summary>Fails the run with <paramref name="error"/> (the first such error wins), after unwinding every task.</summary>
    internal void FailRun(Exception error, string message)
    {
        if (_callbackError is null)
        {
            _callbackError = error;
            _callbackErrorMessage = message;
        }

        RootScope.Cancel();
    }

    /// <summary>Removes an exited task from the loop's books.</summary>
    internal void OnTaskExited(TrioTask task)
    {
        task.Scope.RemoveTask(task);
        _live.Remove(task);
        _instruments?.TaskExited(task);
    }

    /// <summary>A <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> call handed work to a thread.</summary>
    internal void OutsideWorkStarted()
    {
        _outsideWork++;
        _instruments?.OutsideWork(1);
    }

    /// <summary>Such work reported back to the loop.</summary>
    internal void OutsideWorkEnded()
    {
        _outsideWork--;
        _instruments?.OutsideWork(-1);
    }

    internal void OnBlocked() => _blocked++;

    internal void OnUnblocked() => _blocked--;

    /// <summary>A finished <see cref="ThreadWork{T}"/> kept for the next call of the same type (the loop's thread only).</summary>
    internal object? SpareThreadWork { get; set; }

    /// <summary>The next number of the loop's sequence, a hash code for a limiter's borrower made on the loop's thread.</summary>
    internal int NextBorrowerHash() => ++_borrowerHashes;

    /// <summary>Queues a parked task's resumption for the next batch.</summary>
    internal void EnqueueResume(TrioTask task, bool checkCancel)
    {
        _runQueue.Enqueue(new WorkItem(checkCancel ? WorkKind.ResumeChecked : WorkKind.Resume, task, null, null));
        _instruments?.TaskScheduled(task);
    }

    /// <summary>Resumes a parked task now, on this stack, as that task.</summary>
    internal void RunResume(TrioTask task, bool checkCancel) => RunAs<TrioTask>(
        task,
        checkCancel ? static t => t.ResumeFromQueue(checkCancel: true) : static t => t.ResumeFromQueue(checkCancel: false),
        task);

    /// <summary>Runs <paramref name="step"/> now, on this stack, as a step of <paramref name="task"/> (its context, its instruments' events).</summary>
    internal void RunAs<TState>(TrioTask task, Action<TState> step, TState state)
    {
        var previousTask = CurrentTask;
        var previousContext = SynchronizationContext.Current;
        var instruments = _instruments;
        long started = 0;
        if (instruments is not null)
        {
            instruments.TaskScheduled(task);
            started = instruments.BeforeTaskStep(task);
        }

        Enter(task);
        try
        {
            step(state);
        }
        finally
        {
            instruments?.AfterTaskStep(task, started);
            CurrentTask = previousTask;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>Queues a continuation of <paramref name="task"/>, from any thread.</summary>
    internal void Post(TrioTask task, SendOrPostCallback callback, object? state)
    {
        var item = new WorkItem(WorkKind.Post, task, callback, state);
        if (IsLoopThread)
        {
            _runQueue.Enqueue(item);
            _instruments?.TaskScheduled(task);
            return;
        }

        // A run that is over drops the continuation: work that escaped its structure has nowhere to run.
        _ = EnqueueFromOutside(item);
    }

    /// <summary>Puts work from another thread in the inbox and wakes the loop; false if the run has finished.</summary>
    private bool EnqueueFromOutside(WorkItem item, bool mayRunLoopHere = false)
    {
        bool wake;
        lock (_inboxLock)
        {
            if (_finished)
            {
                return false;
            }

            _inbox.Enqueue(item);
            _inboxPending = true;
            wake = WakeLocked();
        }

        if (wake)
        {
            if (mayRunLoopHere)
            {
                _strand!.RunHereOrDispatch();
            }
            else
            {
                _strand!.Dispatch();
            }
        }

        return true;
    }

    /// <summary>Called just before the loop blocks for outside work or time; lets tests act inside the race window.</summary>
    internal Action? BeforeIdleWait { get; set; }

    /// <summary>Wakes the loop if it is waiting, so it re-reads the clock (a virtual clock was jumped).</summary>
    internal void Signal() => UpdateAndWake(static runner => runner._signals++);

    /// <summary>Applies <paramref name="update"/> under the inbox lock and wakes the loop if it waits (from any thread).</summary>
    private void UpdateAndWake(Action<Runner> update)
    {
        bool wake;
        lock (_inboxLock)
        {
            update(this);
            wake = WakeLocked();
        }

        if (wake)
        {
            _strand!.Dispatch();
        }
    }

    /// <summary>Called by the strand's timer when the real time the parked loop waited for has passed.</summary>
    internal void OnParkTimeout(int park)
    {
        lock (_inboxLock)
        {
            if (!_loopWaiting || park != _parks)
            {
                // A stale timer: the loop was woken for other work since, and may have parked again.
                return;
            }

            _loopWaiting = false;
        }

        // A timer callback runs on a pool thread with nothing else to do.
        _strand!.RunHereOrDispatch();
    }

    /// <summary>
    /// Wakes a waiting loop (under the inbox lock): a thread-owning loop is pulsed; a parked strand is claimed, and
    /// the caller dispatches its next slice after releasing the lock (true).
    /// </summary>
    private bool WakeLocked()
    {
        if (!_loopWaiting)
        {
            return false;
        }

        if (_strand is null)
        {
            if (_waitingInPoll)
            {
                _sockets!.Wake();
            }
            else
            {
                _wake!.Set();
            }

            return false;
        }

        // Exactly one waker claims a parked strand, so two slices never run at once.
        _loopWaiting = false;
        return true;
    }

    /// <summary>Registers a deadline; <paramref name="target"/> decides later whether it is still armed.</summary>
    internal void AddTimer(ITimerTarget target, long version, long deadline)
    {
        if (_timers.Count >= _compactTimersAt)
        {
            CompactTimers();
        }

        _timers.Enqueue(new TimerEntry(target, version), (deadline, _timerSeq++));
        _instruments?.DeadlineArmed();
    }

    /// <summary>Parks the current task until every other task is blocked on the library.</summary>
    internal ValueTask WaitAllTasksBlocked(TrioTask task)
    {
        if (task.IsEffectivelyCancelled)
        {
            return task.ParkRunnable(checkCancel: true);
        }

        _blockedWaiters.Add(task);
        return task.ParkBlocked("Trio.WaitAllTasksBlocked", BlockedWaiterAbort.Instance);
    }

    /// <summary>The live tasks, oldest first (in spawn order).</summary>
    internal IEnumerable<TrioTask> LiveTasksOldestFirst()
    {
        for (var task = _live.Last; task is not null; task = task.LiveLinks.Prev)
        {
            yield return task;
        }
    }

    /// <summary>Describes every live task and what it waits for.</summary>
    internal string DescribeTasks()
    {
        var report = new StringBuilder();
        for (var task = _live.First; task is not null; task = task.LiveLinks.Next)
        {
            report.Append("  ").Append(task).Append(": ")
                .Append(task.Waiting is WaitKind.Blocked or WaitKind.Outside ? task.WaitDescription : "running")
                .AppendLine();
        }

        return report.ToString();
    }

    private void Enter(TrioTask task)
    {
        CurrentTask = task;
        SynchronizationContext.SetSynchronizationContext(task);
    }

    /// <summary>Runs iterations until the run ends (true) or the strand parks (false).</summary>
    private bool Loop()
    {
        while (true)
        {
            DrainInbox();

            // Without a deadline nothing depends on the exact time, and reading the clock costs as much as a whole
            // schedule point: a busy loop reads it every 16th iteration, just to keep paced time from trailing.
            if (_timers.Count != 0 || (++_iterations & 15) == 0 || Clock.NextTimerTicks() != long.MaxValue)
            {
                RefreshNow();
            }

            if (_runQueue.Count == 0)
            {
                if (_live.Count == 0)
                {
                    return true;
                }

                switch (WaitForWork())
                {
                    case Idle.End:
                        return true;
                    case Idle.Parked:
                        return false;
                }
            }
            else if (_sockets is { Pending: > 0 } sockets)
            {
                // A busy loop still looks for ready sockets once per batch, as Trio's does, so they are not starved.
                sockets.Poll(0);
            }

            if (SliceDeferred)
            {
                // A function the slice deferred to its end goes to the pool after all: the slice goes on.
                SliceDeferred = false;
                LoopStrand.ReleaseDeferred();
            }

            FireDueTimers();
            RunBatch();
        }
    }

    private void RunBatch()
    {
        if (_batchRandom is not null)
        {
            ReorderBatch(_batchRandom);
        }

        // Two loops rather than a null check per step: an unobserved run pays nothing for observation here.
        var instruments = _instruments;
        if (instruments is null)
        {
            for (var remaining = _runQueue.Count; remaining > 0; remaining--)
            {
                RunStep(_runQueue.Dequeue());
            }
        }
        else
        {
            var batchStarted = instruments.BeforeBatch(_runQueue.Count);
            for (var remaining = _runQueue.Count; remaining > 0; remaining--)
            {
                var item = _runQueue.Dequeue();
                if (item.Task is not { } task)
                {
                    RunStep(item);
                    continue;
                }

                var stepStarted = instruments.BeforeTaskStep(task);
                RunStep(item);
                instruments.AfterTaskStep(task, stepStarted);
            }

            instruments.AfterBatch(batchStarted);
        }

        CurrentTask = null;
        SynchronizationContext.SetSynchronizationContext(null);
        CheckInvariants();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RunStep(WorkItem item)
    {
        var task = item.Task;
        if (task is null)
        {
            // Work submitted through the token runs outside any task.
            CurrentTask = null;
            SynchronizationContext.SetSynchronizationContext(null);
            ((IExternalWork)item.State!).Run(this);
            return;
        }

        Enter(task);
        switch (item.Kind)
        {
            case WorkKind.Start:
                task.RunBody();
                break;
            case WorkKind.Resume:
                task.ResumeFromQueue(checkCancel: false);
                break;
            case WorkKind.ResumeChecked:
                task.ResumeFromQueue(checkCancel: true);
                break;
            default:
                item.Callback!(item.State);
                break;
        }
    }

    /// <summary>
    /// After each batch: the blocked count is the number of live tasks blocked in a library wait, every live task is
    /// alive, sits in an active scope of this run, and describes its blocking wait, and the list counts its nodes.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void CheckInvariants()
    {
        var live = 0;
        var blocked = 0;
        for (var task = _live.First; task is not null; task = task.LiveLinks.Next)
        {
            live++;
            InvariantViolation.Check(!task.HasExited, "an exited task is still in the loop's live list.");
            InvariantViolation.Check(task.Runner == this, "a task of another run is in this run's live list.");
            InvariantViolation.Check(task.Scope.IsActiveIn(this), "a live task sits in a scope that is not active in its run.");
            if (task.Waiting == WaitKind.Blocked)
            {
                blocked++;
                InvariantViolation.Check(task.WaitDescription is not null, "a blocked task does not say what it waits for.");
            }
        }

        InvariantViolation.Check(live == _live.Count, "the live list's count disagrees with its tasks.");
        InvariantViolation.Check(blocked == _blocked, "the loop's blocked count disagrees with its blocked tasks.");
    }

    /// <summary>Reorders the queue, which holds exactly the coming batch, as the scheduling policy says.</summary>
    private void ReorderBatch(Random random)
    {
        var count = _runQueue.Count;
        if (count < 2)
        {
            return;
        }

        if (_batchBuffer.Length < count)
        {
            _batchBuffer = new WorkItem[Math.Max(count, _batchBuffer.Length * 2)];
        }

        var batch = _batchBuffer.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            batch[i] = _runQueue.Dequeue();
        }

        if (_fullShuffle)
        {
            random.Shuffle(batch);
        }
        else if (random.Next(2) == 0)
        {
            batch.Reverse();
        }

        foreach (var item in batch)
        {
            _runQueue.Enqueue(item);
        }

        // The buffer must not keep finished tasks alive.
        batch.Clear();
    }

    /// <summary>Asks the loop, from any thread, to cancel the run's root scope (<see cref="TrioRunOptions.Cancellation"/> fired).</summary>
    private void RequestStop() => UpdateAndWake(static runner =>
    {
        runner._stopRequested = true;
        runner._inboxPending = true;
    });

    private void DrainInbox()
    {
        // Most iterations find the inbox empty; the volatile flag spares them the lock.
        if (!_inboxPending)
        {
            return;
        }

        bool stop;
        lock (_inboxLock)
        {
            _inboxPending = false;
            while (_inbox.TryDequeue(out var item))
            {
                _runQueue.Enqueue(item);
                if (item.Task is not null)
                {
                    _instruments?.TaskScheduled(item.Task);
                }
            }

            stop = StopPending;
        }

        if (stop)
        {
            _stopApplied = true;
            RootScope.Cancel();
        }
    }

    private void RefreshNow()
    {
        var reading = Clock.ReadTicks();
        if (!Clock.IsPaced)
        {
            _now = Math.Max(_now, reading);
        }
        else if (_stampPending || reading - _now > _maxLagTicks)
        {
            // The loop normally advances paced time only when it waits, so chains of sleeps are measured
            // from their deadlines; after a long stretch of computing it catches up with the wall. A wait that outside
            // work ended counts too (StampOutsideWork).
            _stampPending = false;
            _now = Math.Max(_now, reading);
        }
    }

    /// <summary>Waits until there is something to run, or ends the run, or parks the strand.</summary>
    /// <remarks>
    /// The loop waits on the inbox until outside work arrives, the clock is signalled (a jump, a new rate or threshold),
    /// a paced clock reaches the next deadline, or a virtual clock's idle threshold passes. It spins only while a
    /// function it sent to a thread is out, briefly, before it blocks (<see cref="AwaitOutsideWorkBriefly"/>). A
    /// thread-owning loop blocks its thread for that; a strand parks instead (it gives its thread back, and a post, a
    /// signal or its timer dispatches the next slice, which comes back here through <see cref="Loop"/>).
    /// </remarks>
    private Idle WaitForWork()
    {
        while (true)
        {
            var signals = Volatile.Read(ref _signals);
            var next = NextDeadline;
            // Reading a paced clock costs a system call's worth of time; without a deadline there is nothing to compare.
            if (next != long.MaxValue && next <= (Clock.IsPaced ? Math.Max(_now, Clock.ReadTicks()) : _now))
            {
                return Ready();
            }

            var allBlocked = _blocked == _live.Count;
            if (allBlocked && _blockedWaiters.Count > 0)
            {
                WakeBlockedWaiters();
                return Ready();
            }

            // A run's cancellation token, another thread holding the loop's token or a socket wait (its continuation
            // runs on the loop and may set an event) can still wake every task: wait.
            var socketsPending = _sockets is { Pending: > 0 };
            if (allBlocked && next == long.MaxValue && !MayStillStop && !_tokenIssued && !socketsPending)
            {
                _idleSince = null;
                return OnDeadlock() ? Idle.Ready : Idle.End;
            }

            // Every task waits on the library and no socket wait is pending: nothing but time can wake one, so a virtual
            // clock jumps at once, whether or not it also runs at a rate.
            var threshold = Clock.IdleJumpThreshold;
            if (allBlocked && !socketsPending && threshold == TimeSpan.Zero && next != long.MaxValue)
            {
                JumpTo(next);
                return Ready();
            }

            // Otherwise wait for outside work, bounded by the next deadline of a running clock and by the real
            // time left before a virtual clock with a threshold jumps anyway.
            TimeSpan? timeout = Clock.IsPaced && next != long.MaxValue ? Clock.RealTimeUntil(next) : null;
            if (next != long.MaxValue && threshold > TimeSpan.Zero)
            {
                // The idle stretch is timed from its first look at the threshold: only a threshold needs the real time.
                _idleSince ??= TimeProvider.System.GetTimestamp();
                var idleLeft = threshold.Value - TimeProvider.System.GetElapsedTime(_idleSince.Value);
                if (idleLeft <= TimeSpan.Zero)
                {
                    JumpTo(next);
                    return Ready();
                }

                timeout = timeout is { } t && t < idleLeft ? t : idleLeft;
            }

            var waited = WaitForInbox(timeout, signals);
            if (waited == Wait.Parked)
            {
                // The instruments hear that the wait ended when the next slice starts.
                _idleWaitOpen = _instruments is not null;
                return Idle.Parked;
            }

            _instruments?.AfterIdleWait();

            if (waited == Wait.OutsideWork)
            {
                DrainInbox();
                StampOutsideWork();

                return Ready();
            }

            if (Clock.IsPaced && next != long.MaxValue && Clock.ReadTicks() >= next - TimeSpan.TicksPerMillisecond)
            {
                // Waking for a deadline: the loop's time is that deadline, not the wall clock's reading,
                // so two deadlines that tie stay tied however late the thread woke.
                _now = Math.Max(_now, next);
                return Ready();
            }

            // Timed out for the idle threshold (checked at the top), or signalled: look again.
            RefreshNow();
        }
    }

    /// <summary>
    /// Outside work that woke an idle loop stamps the wall time on a paced clock, so what it starts (a sleep, a deadline)
    /// counts from now, not from when the loop went idle.
    /// </summary>
    private void StampOutsideWork()
    {
        // The time the loop waited counts, as a wait that ends at a deadline does; but the clock is read only when the
        // time is needed (Now, or the loop's next refresh), not on every wake: reading it costs as much as a schedule
        // point, and a round trip to a worker thread wakes the loop each time.
        if (Clock.IsPaced)
        {
            _stampPending = true;
        }
    }

    /// <summary>Ends an idle stretch.</summary>
    private Idle Ready()
    {
        _idleSince = null;
        return Idle.Ready;
    }

    private void JumpTo(long deadline)
    {
        Clock.AdvanceTo(deadline);
        _now = Math.Max(_now, deadline);
    }

    /// <summary>Waits for outside work, a signal or <paramref name="timeout"/>; a strand parks instead of blocking.</summary>
    private Wait WaitForInbox(TimeSpan? timeout, int signals)
    {
        BeforeIdleWait?.Invoke();
        _instruments?.BeforeIdleWait(timeout);
        if (_strand is null && _outsideWork > 0)
        {
            AwaitOutsideWorkBriefly(signals);
        }

        lock (_inboxLock)
        {
            if (HasOutsideWork)
            {
                return Wait.OutsideWork;
            }

            if (_signals != signals)
            {
                // The clock changed since the loop read it: look again rather than wait.
                return Wait.Elapsed;
            }

            IdleWaits++;
            _loopWaiting = true;
            if (_strand is not null)
            {
                // The deferred function, if any, stays with this thread (LoopStrand.Step runs it once parked).
                SliceDeferred = false;
                // Whoever clears _loopWaiting (a post, a signal, the timer) dispatches the next slice.
                _strand.Park(timeout, ++_parks);
                return Wait.Parked;
            }

            if (_sockets is not null)
            {
                // Wakers write to its event descriptor while this is set: a wake-up sent from here on is never lost.
                _waitingInPoll = true;
            }
            else
            {
                // Reset under the lock that wakers set it under: a wake-up sent from here on is never lost.
                _wake!.Reset();
            }
        }

        // -1: no time-out (both waits take it so).
        var milliseconds = timeout is null ? -1 : (int)Math.Clamp(Math.Ceiling(timeout.Value.TotalMilliseconds), 0, int.MaxValue - 1);
        var socketsReady = 0;
        if (_waitingInPoll)
        {
            // Completed socket waits are outside work too: their continuations may have queued tasks, or run on the loop.
            socketsReady = _sockets!.Poll(milliseconds);
        }
        else
        {
            _wake!.Wait(milliseconds);
        }

        lock (_inboxLock)
        {
            _loopWaiting = false;
            _waitingInPoll = false;
            return HasOutsideWork || socketsReady > 0 ? Wait.OutsideWork : Wait.Elapsed;
        }
    }

    /// <summary>
    /// Spins a little before a thread-owning loop blocks while functions it sent to threads are out: a short function
    /// comes back within a few microseconds, and blocking would cost a futex wake-up and a context switch each way,
    /// tens of microseconds on a loaded machine.
    /// </summary>
    private void AwaitOutsideWorkBriefly(int signals)
    {
        var spinner = default(SpinWait);
        for (var i = 0; i < OutsideWorkSpins && !_inboxPending && Volatile.Read(ref _signals) == signals; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Whether the inbox holds work or a stop request the loop has not applied yet (read under the inbox lock).</summary>
    private bool HasOutsideWork => _inbox.Count > 0 || StopPending;

    /// <summary>Whether the run's token can still fire and cancel every task.</summary>
    private bool MayStillStop => _cancellation.CanBeCanceled && !_stopApplied;

    /// <summary>Whether the run's token has fired and the loop has not cancelled the root scope for it yet.</summary>
    private bool StopPending => _stopRequested && !_stopApplied;

    private bool OnDeadlock()
    {
        var report = "Every task is blocked and nothing can wake any of them (no deadline is pending and no "
            + "outside work is running):" + Environment.NewLine + DescribeTasks()
            + "Fix the program so that something sets the event, sends on the channel or releases the lock "
            + "these tasks wait for, or give the wait a deadline (Trio.MoveOnAfter / Trio.FailAfter).";
        if (_deadlockReport is not null)
        {
            // Cancelling everything did not unwind the tasks (shielded waits): abandon them.
            _deadlockReport += Environment.NewLine + "Cancelling every task did not unwind them; they were abandoned.";
            return false;
        }

        _deadlockReport = report;
        RootScope.Cancel();
        return true;
    }

    private void WakeBlockedWaiters()
    {
        foreach (var waiter in _blockedWaiters)
        {
            waiter.Wake();
        }

        _blockedWaiters.Clear();
    }

    private void FireDueTimers()
    {
        if (_timers.Count == 0 && Clock.NextTimerTicks() == long.MaxValue)
        {
            // No deadline anywhere: spare the busy loop a clock reading per batch.
            return;
        }

        while (true)
        {
            DiscardDisarmedTimers();

            // Now, not _now: a task resumed by a timer in this very loop may have jumped a virtual clock, and the
            // deadlines that jump passed must fire before the batch in which its next checkpoint resumes.
            var limit = Clock.IsPaced ? Math.Max(_now, Clock.ReadTicks()) : Now;
            var hasLoopTimer = _timers.TryPeek(out var entry, out var priority);
            var loopDeadline = hasLoopTimer ? priority.Deadline : long.MaxValue;
            var clockDeadline = Clock.NextTimerTicks();
            var deadline = Math.Min(loopDeadline, clockDeadline);
            if (deadline > limit)
            {
                return;
            }

            if (deadline > _now)
            {
                _now = deadline;
            }

            if (hasLoopTimer && loopDeadline <= clockDeadline)
            {
                _timers.Dequeue();
                entry.Target.Fire();
            }
            else
            {
                Clock.FireNextTimer();
            }
        }
    }

    /// <summary>Drops every disarmed deadline from the heap.</summary>
    /// <remarks>
    /// Deadlines are disarmed in place (a scope exits, a sleep is cancelled) and popped only when they reach the top,
    /// so beneath a long-lived earlier deadline they would pile up, each holding its scope or task. Rebuilding the heap
    /// whenever it has doubled since the last rebuild keeps it within twice the armed deadlines, at amortised O(1)
    /// per registration; the (deadline, registration) order is kept.
    /// </remarks>
    private void CompactTimers()
    {
        foreach (var (entry, priority) in _timers.UnorderedItems)
        {
            if (entry.Target.IsArmed(entry.Version))
            {
                _armedTimers.Add((entry, priority));
            }
        }

        _timers.Clear();
        _timers.EnqueueRange(_armedTimers);
        _compactTimersAt = Math.Max(MinTimersToCompact, _armedTimers.Count * 2);
        _armedTimers.Clear();
    }

    private void DiscardDisarmedTimers()
    {
        while (_timers.TryPeek(out var entry, out _) && !entry.Target.IsArmed(entry.Version))
        {
            _timers.Dequeue();
        }
    }

    private enum WorkKind : byte
    {
        Start,
        Resume,
        ResumeChecked,
        Post,
        External,
    }

    private enum Idle
    {
        Ready,
        End,
        Parked,
    }

    private enum Wait
    {
        OutsideWork,
        Elapsed,
        Parked,
    }

    private readonly record struct WorkItem(WorkKind Kind, TrioTask? Task, SendOrPostCallback? Callback, object? State);

    private readonly record struct TimerEntry(ITimerTarget Target, long Version);

    private sealed class BlockedWaiterAbort : IAbortable
    {
        internal static readonly BlockedWaiterAbort Instance = new();

        public bool TryAbort(TrioTask task) => task.Runner._blockedWaiters.Remove(task);
    }
}
