using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.ExceptionServices;
using TrioSharp.LowLevel;

namespace TrioSharp.Scheduling;

/// <summary>
/// A priority scheduler on a TrioSharp loop: tasks wait at levels (1 is the highest), run concurrently
/// within a level, and can be added, cancelled and re-prioritised while the scheduler runs.
/// </summary>
/// <remarks>
/// <para>
/// Two ways to run it. <see cref="RunAsync"/> goes through the levels in order, as the seed exercise asks: it
/// starts every task of a level, waits until all of them have ended, then moves on; a task added to the level
/// running now or a higher one starts at once, in the running level. <see cref="ServeAsync"/> keeps taking
/// work until <see cref="ShutdownAsync(TimeSpan?)"/>, always giving a free slot to the highest-priority
/// pending task (FIFO within a level, with optional aging).
/// </para>
/// <para>
/// Each task runs in its own <see cref="CancelScope"/> inside the run's nursery, so cancelling it is Trio
/// cancellation, and a task that throws ends <see cref="ScheduledTaskStatus.Failed"/> without disturbing
/// anything else. Every event is stamped with the loop's clock (measured from the scheduler's creation), so
/// under a <see cref="VirtualClock"/> the whole log is exact.
/// </para>
/// <para>
/// Use a scheduler from the tasks of one loop only (it is not thread-safe), and create one per
/// <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>. Everything is in memory: nothing survives the process.
/// </para>
/// </remarks>
public sealed class PriorityScheduler
{
    private readonly int _levels;
    private readonly int? _maxConcurrency;
    private readonly int[] _levelLimits;
    private readonly long? _agingTicks;
    private readonly TimeSpan _defaultGrace;
    private readonly bool _keepHistory;
    private readonly LevelQueue[] _queues;
    private readonly int[] _runningPerLevel;
    private readonly Dictionary<int, ScheduledEntry> _tasks = [];
    private readonly List<SchedulerEvent> _log = [];
    private readonly List<Watcher> _watchers = [];
    private readonly ParkingLot _shutdownLot = new();
    // The run the scheduler belongs to, known by its root task (one per run).
    private TaskInfo? _run;
    private TimeSpan _origin;
    private int _nextId = 1;
    private long _sequence;
    private int _pending;
    private int _running;
    private Nursery? _nursery;
    private string? _runningApi;
    private int _currentLevel;
    private Phase _phase;

    /// <summary>Creates a scheduler; inside a loop, its clock starts now, otherwise at its first use on a loop.</summary>
    /// <exception cref="ArgumentException">An option is out of range (fewer than one level, a limit below one, a level limit for a level that does not exist, a non-positive aging interval, a negative grace period).</exception>
    /// <param name="options">The run's settings (clock, scheduling, cancellation, instruments); the defaults when null.</param>
    public PriorityScheduler(SchedulerOptions? options = null)
    {
        options ??= new SchedulerOptions();
        if (options.Levels < 1)
        {
            throw new ArgumentException($"SchedulerOptions.Levels must be at least 1; got {options.Levels}.", nameof(options));
        }

        if (options.MaxConcurrency is < 1)
        {
            throw new ArgumentException($"SchedulerOptions.MaxConcurrency must be at least 1 (or null for no limit); got {options.MaxConcurrency}.", nameof(options));
        }

        if (options.Aging is { } aging && aging <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SchedulerOptions.Aging must be positive (or null for strict priority); got {aging}.", nameof(options));
        }

        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"SchedulerOptions.ShutdownGrace must not be negative; got {options.ShutdownGrace}.", nameof(options));
        }

        _levels = options.Levels;
        _maxConcurrency = options.MaxConcurrency;
        _agingTicks = options.Aging?.Ticks;
        _defaultGrace = options.ShutdownGrace;
        _keepHistory = options.KeepHistory;
        _queues = new LevelQueue[_levels + 1];
        _runningPerLevel = new int[_levels + 1];
        _levelLimits = new int[_levels + 1];
        for (var level = 1; level <= _levels; level++)
        {
            _queues[level] = new LevelQueue();
            _levelLimits[level] = int.MaxValue;
        }

        foreach (var (level, limit) in options.LevelLimits)
        {
            if (level < 1 || level > _levels)
            {
                throw new ArgumentException($"SchedulerOptions.LevelLimits names level {level}, but the levels are 1 to {_levels}.", nameof(options));
            }

            if (limit < 1)
            {
                throw new ArgumentException($"SchedulerOptions.LevelLimits[{level}] must be at least 1; got {limit}.", nameof(options));
            }

            _levelLimits[level] = limit;
        }

        if (TrioLowLevel.InTrioRun)
        {
            Bind("constructor");
        }

        Log = new ReadOnlyCollection<SchedulerEvent>(_log);
    }

    private enum Phase
    {
        Open,
        ShuttingDown,
        ShutDown,
    }

    /// <summary>How many levels there are; 1 is the highest.</summary>
    public int Levels => _levels;

    /// <summary>The level <see cref="RunAsync"/> is running now, or 0 when it is not running.</summary>
    public int CurrentLevel => _currentLevel;

    /// <summary>Whether <see cref="ShutdownAsync(TimeSpan?)"/> has been called; from then on no task can be added.</summary>
    public bool IsShutdown => _phase != Phase.Open;

    /// <summary>How many tasks are waiting to start.</summary>
    public int PendingCount => _pending;

    /// <summary>How many tasks are running (started and not yet ended).</summary>
    public int RunningCount => _running;

    /// <summary>Every event so far, in order (empty when <see cref="SchedulerOptions.KeepHistory"/> is off).</summary>
    public IReadOnlyList<SchedulerEvent> Log { get; }

    /// <summary>Called with a task's id at the moment the scheduler decides to start it (tests check ordering rules here).</summary>
    internal Action<int>? OnStarting { get; set; }

    /// <summary>Queues <paramref name="work"/> at <paramref name="priority"/> and returns its id (ids count from 1).</summary>
    /// <param name="work">The task's body; it runs in its own cancel scope, so TrioSharp waits inside it are cancellable.</param>
    /// <param name="priority">Its level: 1 (highest) to <see cref="Levels"/>.</param>
    /// <param name="name">A name for logs and the timeline; <c>Task{id}</c> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="priority"/> is not a level of this scheduler.</exception>
    /// <exception cref="InvalidOperationException">The scheduler is shutting down or shut down, or the call is not on the scheduler's loop.</exception>
    /// <returns>The task's id, unique within this scheduler.</returns>
    public int AddTask(Func<Task> work, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Add(work, null, priority, name);
    }

    /// <summary>Queues <paramref name="work"/>, whose result <see cref="WaitForResultAsync{T}(int)"/> returns, at <paramref name="priority"/>, and returns its id.</summary>
    /// <param name="work">The task's body; it runs in its own cancel scope, so TrioSharp waits inside it are cancellable.</param>
    /// <param name="priority">Its level: 1 (highest) to <see cref="Levels"/>.</param>
    /// <param name="name">A name for logs and the timeline; <c>Task{id}</c> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="priority"/> is not a level of this scheduler.</exception>
    /// <exception cref="InvalidOperationException">The scheduler is shutting down or shut down, or the call is not on the scheduler's loop.</exception>
    /// <returns>The task's id, unique within this scheduler.</returns>
    public int AddTask<T>(Func<Task<T>> work, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Add(work, static task => ((Task<T>)task).Result, priority, name);
    }

    /// <summary>
    /// Cancels task <paramref name="id"/>: a pending task is removed from its queue (<c>removed</c>); a running
    /// one has its cancel scope cancelled (<c>stopped</c>), reads <see cref="ScheduledTaskStatus.Cancelling"/> at once
    /// and ends at its next checkpoint. Both end <see cref="ScheduledTaskStatus.Cancelled"/>. Cancelling a task
    /// that is already stopping changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">No task has id <paramref name="id"/>.</exception>
    /// <exception cref="InvalidOperationException">The task has already ended, or the call is not on the scheduler's loop.</exception>
    /// <param name="id">The task's id, as <see cref="AddTask(Func{Task}, int, string?)"/> returned it.</param>
    /// <returns>What the cancellation did: removed a pending task, cancelled a running one, or found it already ended.</returns>
    public CancelOutcome CancelTask(int id)
    {
        Bind(nameof(CancelTask));
        var entry = Find(id, nameof(CancelTask));
        switch (entry.Status)
        {
            case ScheduledTaskStatus.Pending:
                Dequeue(entry);
                End(entry, ScheduledTaskStatus.Cancelled, SchedulerEventKind.Removed, null);
                return CancelOutcome.Removed;
            case ScheduledTaskStatus.Running or ScheduledTaskStatus.Cancelling:
                Stop(entry);
                return CancelOutcome.StopRequested;
            default:
                throw new InvalidOperationException(
                    $"PriorityScheduler.CancelTask: {entry} already ended {entry.Status} at {Seconds(entry.EndedAt)}; there is nothing to cancel.");
        }
    }

    /// <summary>
    /// Moves pending task <paramref name="id"/> to level <paramref name="newPriority"/>, at the back of that
    /// level's queue (<c>rescheduled</c>). If the new level is the one running now or higher, it starts at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newPriority"/> is not a level of this scheduler.</exception>
    /// <exception cref="ArgumentException">No task has id <paramref name="id"/>.</exception>
    /// <exception cref="InvalidOperationException">The task is running or has ended, the scheduler is shutting down, or the call is not on the scheduler's loop.</exception>
    /// <param name="id">The task's id, as <see cref="AddTask(Func{Task}, int, string?)"/> returned it.</param>
    /// <param name="newPriority">The new level, 1 (highest) to <see cref="Levels"/>.</param>
    public void Reschedule(int id, int newPriority)
    {
        Bind(nameof(Reschedule));
        CheckPriority(newPriority, nameof(newPriority));
        var entry = Find(id, nameof(Reschedule));
        if (entry.Status is ScheduledTaskStatus.Running or ScheduledTaskStatus.Cancelling)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.Reschedule: {entry} is already running at level {entry.Priority}; only a pending task can be "
                + "rescheduled (cancel it and add it again to run it at another level).");
        }

        if (entry.HasEnded)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.Reschedule: {entry} already ended {entry.Status} at {Seconds(entry.EndedAt)}; only a pending task can be rescheduled.");
        }

        CheckOpen(nameof(Reschedule));
        Dequeue(entry);
        entry.Priority = newPriority;
        Enqueue(entry);
        Emit(SchedulerEventKind.Rescheduled, entry, newPriority);
        StartEligible();
    }

    /// <summary>
    /// Runs the levels in order: logs <c>Starting Priority Level N</c>, starts that level's tasks, waits until
    /// every task started in it has ended, logs <c>Finished Priority Level N</c>, and goes on to the next level
    /// (empty levels too). Returns after the last level, or after the level running when a shutdown began.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scheduler is already running, has shut down, or the call is not on the scheduler's loop.</exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled; running tasks are cancelled with it, pending ones stay pending.</exception>
    /// <returns>A task that completes when the body (and, for a nursery, every child) has ended.</returns>
    public async Task RunAsync()
    {
        BeginRun(nameof(RunAsync));
        try
        {
            for (var level = 1; level <= _levels && _phase == Phase.Open; level++)
            {
                _currentLevel = level;
                Emit(SchedulerEventKind.LevelStarted, null, level);
                await Nursery.RunAsync(OpenNursery);
                _nursery = null;
                Emit(SchedulerEventKind.LevelFinished, null, level);
            }
        }
        finally
        {
            EndRun();
        }
    }

    /// <summary>
    /// Serves until <see cref="ShutdownAsync(TimeSpan?)"/>: starts pending tasks as they come, the
    /// highest-priority one first (FIFO within a level, optional aging), within
    /// <see cref="SchedulerOptions.MaxConcurrency"/> and the level limits. Returns when a shutdown has begun and
    /// every running task has ended.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scheduler is already running, has shut down, or the call is not on the scheduler's loop.</exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled; running tasks are cancelled with it.</exception>
    /// <returns>A task that completes once the scheduler has shut down.</returns>
    public async Task ServeAsync()
    {
        BeginRun(nameof(ServeAsync));
        try
        {
            await Nursery.RunAsync(async nursery =>
            {
                await OpenNursery(nursery);
                while (_phase == Phase.Open)
                {
                    await _shutdownLot.ParkAsync("serving a PriorityScheduler until its shutdown");
                }
            });
        }
        finally
        {
            EndRun();
        }
    }

    /// <summary>
    /// Shuts the scheduler down: logs <c>Starting Shutdown</c>, refuses new tasks, cancels every running task
    /// (<c>stopped</c>), waits the grace period so they can clean up, cancels every task that never started
    /// (<c>cancelled_pending</c>), and logs <c>Finished Shutdown</c>. It always takes exactly the grace period,
    /// so its log does not depend on how fast the tasks unwind.
    /// </summary>
    /// <param name="grace">How long to wait; <see cref="SchedulerOptions.ShutdownGrace"/> (0.1 s by default) when null.</param>
    /// <returns>Which tasks were stopped, which were dropped, and which stopped tasks were still unwinding when the grace period ended.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grace"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A shutdown was already requested, or the call is not on the scheduler's loop.</exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled during the grace period; the shutdown still completes its bookkeeping first.</exception>
    public async Task<ShutdownReport> ShutdownAsync(TimeSpan? grace = null)
    {
        Bind(nameof(ShutdownAsync));
        var wait = grace ?? _defaultGrace;
        if (wait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period must not be negative.");
        }

        if (_phase != Phase.Open)
        {
            throw new InvalidOperationException("PriorityScheduler.ShutdownAsync: a shutdown was already requested; a scheduler shuts down once.");
        }

        _phase = Phase.ShuttingDown;
        Emit(SchedulerEventKind.ShutdownStarted, null, null);
        _shutdownLot.UnparkAll();
        var stopped = TasksWith(ScheduledTaskStatus.Running, ScheduledTaskStatus.Cancelling);
        foreach (var entry in stopped)
        {
            Stop(entry);
        }

        var dropped = new List<int>();
        try
        {
            await Trio.Sleep(wait);
        }
        finally
        {
            foreach (var entry in TasksWith(ScheduledTaskStatus.Pending))
            {
                Dequeue(entry);
                End(entry, ScheduledTaskStatus.Cancelled, SchedulerEventKind.CancelledPending, null);
                dropped.Add(entry.Id);
            }

            _phase = Phase.ShutDown;
            Emit(SchedulerEventKind.ShutdownFinished, null, null);
        }

        return new ShutdownReport(
            [.. stopped.Select(e => e.Id)],
            dropped,
            [.. stopped.Where(e => !e.HasEnded).Select(e => e.Id)]);
    }

    /// <summary>A snapshot of task <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No task has id <paramref name="id"/> (or, with history off, it ended and was forgotten).</exception>
    /// <param name="id">The task's id, as <see cref="AddTask(Func{Task}, int, string?)"/> returned it.</param>
    /// <returns>A snapshot of the task.</returns>
    public ScheduledTaskInfo GetTask(int id) => Find(id, nameof(GetTask)).ToInfo();

    /// <summary>Snapshots of every known task, or of those with <paramref name="status"/>, by id.</summary>
    /// <param name="status">Only the tasks in this status, or every task when null.</param>
    /// <returns>Snapshots of the tasks, in id order.</returns>
    public IReadOnlyList<ScheduledTaskInfo> GetTasks(ScheduledTaskStatus? status = null) =>
        [.. _tasks.Values.Where(e => status is null || e.Status == status).OrderBy(e => e.Id).Select(e => e.ToInfo())];

    /// <summary>Waits until task <paramref name="id"/> ends and returns what its work returned (null for work without a result).</summary>
    /// <exception cref="ArgumentException">No task has id <paramref name="id"/>.</exception>
    /// <exception cref="ScheduledTaskCancelledException">The task ended cancelled.</exception>
    /// <exception cref="Cancelled">The waiter's own scope was cancelled.</exception>
    /// <remarks>A task that failed rethrows its own exception here.</remarks>
    /// <param name="id">The task's id, as <see cref="AddTask(Func{Task}, int, string?)"/> returned it.</param>
    /// <returns>The task's result.</returns>
    public async Task<object?> WaitForResultAsync(int id)
    {
        Bind(nameof(WaitForResultAsync));
        var entry = Find(id, nameof(WaitForResultAsync));
        while (!entry.HasEnded)
        {
            entry.Completion ??= new ParkingLot();
            await entry.Completion.ParkAsync($"waiting for the result of scheduled {entry}");
        }

        switch (entry.Status)
        {
            case ScheduledTaskStatus.Completed:
                return entry.Result;
            case ScheduledTaskStatus.Failed:
                ExceptionDispatchInfo.Throw(entry.Error!);
                return null;
            default:
                throw new ScheduledTaskCancelledException(entry.Id, entry.Name);
        }
    }

    /// <summary>Waits until task <paramref name="id"/> ends and returns what its work returned, as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">No task has id <paramref name="id"/>.</exception>
    /// <exception cref="ScheduledTaskCancelledException">The task ended cancelled.</exception>
    /// <exception cref="InvalidCastException">The task's result is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="Cancelled">The waiter's own scope was cancelled.</exception>
    /// <param name="id">The task's id, as <see cref="AddTask(Func{Task}, int, string?)"/> returned it.</param>
    /// <returns>The task's result.</returns>
    public async Task<T> WaitForResultAsync<T>(int id)
    {
        var result = await WaitForResultAsync(id);
        return result switch
        {
            T value => value,
            null when default(T) is null => default!,
            _ => throw new InvalidCastException(
                $"Task {id} returned {(result is null ? "null" : result.GetType().Name)}, not {typeof(T).Name}."),
        };
    }

    /// <summary>
    /// The scheduler's events as they happen: the past ones first when <paramref name="replay"/> is true, then
    /// each new one as it is logged (from the first <c>MoveNextAsync</c> on). Ends after <c>Finished Shutdown</c>.
    /// </summary>
    /// <exception cref="Cancelled">The reader's scope was cancelled while it waited for an event.</exception>
    /// <param name="replay">Whether to yield the events logged so far before the new ones.</param>
    /// <returns>The scheduler's events, as they happen.</returns>
    public async IAsyncEnumerable<SchedulerEvent> WatchAsync(bool replay = true)
    {
        var watcher = new Watcher();
        if (replay)
        {
            foreach (var past in _log)
            {
                watcher.Events.Enqueue(past);
            }
        }

        _watchers.Add(watcher);
        try
        {
            while (true)
            {
                while (watcher.Events.TryDequeue(out var next))
                {
                    yield return next;
                    if (next.Kind == SchedulerEventKind.ShutdownFinished)
                    {
                        yield break;
                    }
                }

                if (_phase == Phase.ShutDown)
                {
                    yield break;
                }

                await watcher.Arrived.ParkAsync("waiting for the scheduler's next event");
            }
        }
        finally
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>Prints the log in the seed's format, one line per event (<c>Time: 1.0s - Action: Task 1 completed</c>).</summary>
    /// <param name="output">Where to write; the console when null.</param>
    public void PrintStatistics(TextWriter? output = null) => PrintStatistics(output, includeUnwound: false);

    /// <summary>Prints the log in the seed's format, optionally with the line of each stopped task's unwinding.</summary>
    /// <param name="output">Where to write; the console when null.</param>
    /// <param name="includeUnwound">
    /// Also print the <c>cancelled</c> line of a stopped task when it has unwound. The seed's format has no such
    /// line (it logs <c>stopped</c> only), so it is off by default; the event is always in <see cref="Log"/>.
    /// </param>
    public void PrintStatistics(TextWriter? output, bool includeUnwound)
    {
        output ??= Console.Out;
        foreach (var entry in _log)
        {
            if (includeUnwound || entry.Kind != SchedulerEventKind.Cancelled)
            {
                output.WriteLine(entry.ToString());
            }
        }
    }

    private static string Seconds(TimeSpan? time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.GetValueOrDefault().TotalSeconds:0.0##} s");

    private int Add(Func<Task> work, Func<Task, object?>? readResult, int priority, string? name)
    {
        Bind(nameof(AddTask));
        CheckPriority(priority, nameof(priority));
        CheckOpen(nameof(AddTask));
        var id = _nextId++;
        var entry = new ScheduledEntry(id, name, work, readResult, priority, Now());
        _tasks.Add(id, entry);
        Enqueue(entry);
        Emit(SchedulerEventKind.Added, entry, priority);
        StartEligible();
        return id;
    }

    private void Bind(string api)
    {
        if (!TrioLowLevel.InTrioRun)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.{api} must be called inside Trio.Run, on the loop's thread (from one of its tasks).");
        }

        var run = TrioLowLevel.CurrentRootTask;
        if (_run is null)
        {
            _run = run;
            _origin = Trio.CurrentTime;
        }
        else if (_run != run)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.{api}: this scheduler belongs to another Trio.Run; create a scheduler in each run.");
        }
    }

    private TimeSpan Now() => Trio.CurrentTime - _origin;

    private void CheckPriority(int priority, string parameter)
    {
        if (priority < 1 || priority > _levels)
        {
            throw new ArgumentOutOfRangeException(
                parameter, priority, $"Priority {priority} is outside this scheduler's levels: use 1 (highest) to {_levels} (lowest).");
        }
    }

    private void CheckOpen(string api)
    {
        if (_phase != Phase.Open)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.{api}: the scheduler {(_phase == Phase.ShutDown ? "has shut down" : "is shutting down")}; "
                + "tasks cannot be added or rescheduled after ShutdownAsync.");
        }
    }

    private ScheduledEntry Find(int id, string api)
    {
        if (_tasks.TryGetValue(id, out var entry))
        {
            return entry;
        }

        if (id >= 1 && id < _nextId)
        {
            throw new ArgumentException(
                $"PriorityScheduler.{api}: task {id} has ended and was forgotten (SchedulerOptions.KeepHistory is off).", nameof(id));
        }

        throw new ArgumentException(
            $"PriorityScheduler.{api}: there is no task {id}; "
            + (_nextId == 1 ? "no task has been added yet." : $"ids run from 1 to {_nextId - 1}."),
            nameof(id));
    }

    private void BeginRun(string api)
    {
        Bind(api);
        if (_runningApi is not null)
        {
            throw new InvalidOperationException(
                $"PriorityScheduler.{api}: the scheduler is already running ({_runningApi}); run it once at a time.");
        }

        if (_phase != Phase.Open)
        {
            throw new InvalidOperationException($"PriorityScheduler.{api}: the scheduler has shut down; create a new one.");
        }

        _runningApi = api;
    }

    private void EndRun()
    {
        _runningApi = null;
        _nursery = null;
        _currentLevel = 0;
    }

    private Task OpenNursery(Nursery nursery)
    {
        _nursery = nursery;
        StartEligible();
        return Task.CompletedTask;
    }

    private void Enqueue(ScheduledEntry entry)
    {
        entry.EnqueuedAt = Now();
        entry.Sequence = _sequence++;
        _queues[entry.Priority].Append(entry);
        _pending++;
    }

    private void Dequeue(ScheduledEntry entry)
    {
        _queues[entry.Priority].Remove(entry);
        _pending--;
    }

    /// <summary>Starts pending tasks while the run allows: levels up to the running one (all when serving) and free slots.</summary>
    private void StartEligible()
    {
        if (_nursery is null || _phase != Phase.Open)
        {
            return;
        }

        var lowest = _currentLevel == 0 ? _levels : _currentLevel;
        while (_maxConcurrency is not { } max || _running < max)
        {
            var next = PickNext(lowest);
            if (next is null)
            {
                return;
            }

            Start(next);
        }
    }

    /// <summary>The pending task that should get the next slot: the best (aged) level with room, oldest first.</summary>
    private ScheduledEntry? PickNext(int lowest)
    {
        ScheduledEntry? best = null;
        var bestLevel = int.MaxValue;
        var now = _agingTicks is null ? TimeSpan.Zero : Now();
        for (var level = 1; level <= lowest; level++)
        {
            var head = _queues[level].First;
            if (head is null || _runningPerLevel[level] >= _levelLimits[level])
            {
                continue;
            }

            if (_agingTicks is not { } aging)
            {
                return head;
            }

            // A queue's head has waited longest, so it is the best-aged task of its level.
            var effective = (int)Math.Max(1, level - ((now - head.EnqueuedAt).Ticks / aging));
            if (effective < bestLevel || (effective == bestLevel && head.Sequence < best!.Sequence))
            {
                best = head;
                bestLevel = effective;
            }
        }

        return best;
    }

    private void Start(ScheduledEntry entry)
    {
        Dequeue(entry);
        entry.Status = ScheduledTaskStatus.Running;
        entry.Scope = new CancelScope();
        _running++;
        _runningPerLevel[entry.Priority]++;
        OnStarting?.Invoke(entry.Id);
        _nursery!.StartSoon(() => RunEntryAsync(entry), entry.Name);
    }

    private async Task RunEntryAsync(ScheduledEntry entry)
    {
        if (entry.Status == ScheduledTaskStatus.Cancelling)
        {
            // Cancelled between the decision to start it and its first step: its work never runs.
            End(entry, ScheduledTaskStatus.Cancelled, SchedulerEventKind.Cancelled, null);
            ReleaseSlot(entry);
            return;
        }

        // Logged at the task's first step, not when it was spawned: the seed's order at equal times depends on it.
        entry.StartedAt = Now();
        Emit(SchedulerEventKind.Started, entry, entry.Priority);
        try
        {
            await entry.Scope!.RunAsync(entry.InvokeAsync);
            if (entry.Scope.CancelledCaught)
            {
                End(entry, ScheduledTaskStatus.Cancelled, SchedulerEventKind.Cancelled, null);
            }
            else
            {
                End(entry, ScheduledTaskStatus.Completed, SchedulerEventKind.Completed, null);
            }
        }
        catch (Cancelled)
        {
            // An outer scope (the run's caller) was cancelled: record it, and let it unwind the run.
            End(entry, ScheduledTaskStatus.Cancelled, SchedulerEventKind.Cancelled, null);
            throw;
        }
#pragma warning disable CA1031 // A failing task must not take its level, its siblings or the scheduler down.
        catch (Exception error)
#pragma warning restore CA1031
        {
            End(entry, ScheduledTaskStatus.Failed, SchedulerEventKind.Failed, error);
        }
        finally
        {
            ReleaseSlot(entry);
        }
    }

    private void ReleaseSlot(ScheduledEntry entry)
    {
        _running--;
        _runningPerLevel[entry.Priority]--;
        StartEligible();
    }

    private void Stop(ScheduledEntry entry)
    {
        if (entry.Status == ScheduledTaskStatus.Cancelling)
        {
            return;
        }

        entry.Status = ScheduledTaskStatus.Cancelling;
        Emit(SchedulerEventKind.Stopped, entry, entry.Priority);
        entry.Scope!.Cancel();
    }

    private void End(ScheduledEntry entry, ScheduledTaskStatus status, SchedulerEventKind kind, Exception? error)
    {
        entry.Status = status;
        entry.EndedAt = Now();
        entry.Error = error;
        Emit(kind, entry, entry.Priority, error);
        entry.Completion?.UnparkAll();
        if (!_keepHistory)
        {
            _tasks.Remove(entry.Id);
        }
    }

    private List<ScheduledEntry> TasksWith(ScheduledTaskStatus status, ScheduledTaskStatus? orStatus = null) =>
        [.. _tasks.Values.Where(e => e.Status == status || e.Status == orStatus).OrderBy(e => e.Id)];

    private void Emit(SchedulerEventKind kind, ScheduledEntry? entry, int? level, Exception? error = null)
    {
        if (!_keepHistory && _watchers.Count == 0)
        {
            return;
        }

        var happened = new SchedulerEvent(Now(), kind, entry?.Id, level, entry?.Name, error);
        if (_keepHistory)
        {
            _log.Add(happened);
        }

        foreach (var watcher in _watchers)
        {
            watcher.Events.Enqueue(happened);
            watcher.Arrived.UnparkAll();
        }
    }

    /// <summary>One reader of <see cref="WatchAsync(bool)"/>: its unread events and where it waits for more.</summary>
    private sealed class Watcher
    {
        internal Queue<SchedulerEvent> Events { get; } = new();

        internal ParkingLot Arrived { get; } = new();
    }
}
