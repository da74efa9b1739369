namespace TrioSharp;

/// <summary>
/// Runs a <see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/> loop in slices: each slice runs the loop on some
/// thread until it would wait, then the loop parks and the thread goes back to its owner. A post, a clock signal or
/// the strand's timer (for the next deadline of a paced clock) dispatches the next slice; the runner makes sure only
/// one waker claims a parked loop, so slices never overlap.
/// </summary>
/// <remarks>
/// Slices run where the caller of <c>RunAsync</c> would run its continuations: on its
/// <see cref="SynchronizationContext"/> (a UI thread), on its <see cref="TaskScheduler"/>, or else on the thread pool.
/// </remarks>
internal sealed class LoopStrand : IThreadPoolWorkItem
{
    // The caller's continuation runs on its own, not inline at the end of the slice that ended the run.
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A function that the slice running on this thread deferred to its end.
    [ThreadStatic]
    private static ThreadWorker? t_deferred;

    private readonly SynchronizationContext? _context;
    private readonly TaskScheduler? _scheduler;
    private ExecutionContext? _callerContext;
    private Runner? _runner;
    private ITimer? _timer;
    private int _armedPark;

    internal LoopStrand()
    {
        // The first slice starts main, which should see the caller's AsyncLocal values (an Activity, a logging scope),
        // wherever the caller runs, a task of another loop included.
        _callerContext = ExecutionContext.Capture();
        var context = SynchronizationContext.Current;
        if (context is TrioTask)
        {
            // Called from a task of another loop: running this loop's slices on that loop would nest them; use the pool.
            return;
        }

        if (context is not null && context.GetType() != typeof(SynchronizationContext))
        {
            _context = context;
        }
        else if (TaskScheduler.Current != TaskScheduler.Default)
        {
            _scheduler = TaskScheduler.Current;
        }
    }

    /// <summary>Completes with the run's result, or its exception, when the run ends.</summary>
    internal Task<object?> Completion => _completion.Task;

    internal void Bind(Runner runner) => _runner = runner;

    /// <summary>Whether slices run on the thread pool (no caller's context or scheduler).</summary>
    internal bool RunsOnPool => _context is null && _scheduler is null;

    /// <summary>Dispatches the next slice: the first, or the one after a park (the caller has claimed the parked loop).</summary>
    internal void Dispatch()
    {
        if (_context is not null)
        {
            _context.Post(static s => ((LoopStrand)s!).Execute(), this);
        }
        else if (_scheduler is not null)
        {
            _ = Task.Factory.StartNew(
                static s => ((LoopStrand)s!).Execute(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Runs the next slice on this thread, a thread-pool thread that has nothing else to do (a timer callback, a worker
    /// thread's finished function), when slices run on the pool anyway: one work item less per wake-up. Otherwise
    /// dispatches it to the caller's context or scheduler.
    /// </summary>
    internal void RunHereOrDispatch()
    {
        if (_context is null && _scheduler is null && Thread.CurrentThread.IsThreadPoolThread)
        {
            Execute();
        }
        else
        {
            Dispatch();
        }
    }

    /// <summary>
    /// Defers a function that a task of <paramref name="runner"/> sends to the thread pool to the end of the slice
    /// running on this thread, when slices run on the pool: if the slice then parks the loop, this thread runs the
    /// function itself, and its result the loop's next slice (see <see cref="Step"/>). False if the function should be
    /// queued now.
    /// </summary>
    /// <remarks>
    /// A queued function would run on this same thread anyway (it goes to the thread's local queue) once the slice gives
    /// the thread back, but a queued item also wakes another pool worker, which may take it first: the round trip then
    /// crosses threads, at a wake-up each way. One function per slice is deferred; more go to the pool at once, and the
    /// deferred one too if the slice goes on instead of parking (<see cref="ReleaseDeferred"/>).
    /// </remarks>
    internal static bool TryDeferToSliceEnd(Runner runner, ThreadWorker work)
    {
        // Called from a task's step: if the runner is a strand's, this thread runs that strand's slice (Step).
        if (runner.Strand is not { RunsOnPool: true } || t_deferred is not null)
        {
            return false;
        }

        t_deferred = work;
        runner.SliceDeferred = true;
        return true;
    }

    /// <summary>Queues the function deferred by this thread's slice, if any, on the thread pool after all.</summary>
    internal static void ReleaseDeferred()
    {
        if (t_deferred is { } work)
        {
            t_deferred = null;
            work.QueueOnPool();
        }
    }

    /// <summary>Arms the timer for a park (called under the runner's inbox lock); null waits for a post or a signal only.</summary>
    internal void Park(TimeSpan? timeout, int park)
    {
        _armedPark = park;
        if (timeout is not { } due)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _timer ??= TimeProvider.System.CreateTimer(
            static s => ((LoopStrand)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(TimerDueTime(due), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The due time to give the park timer for a wait of <paramref name="wait"/>.</summary>
    /// <remarks>
    /// Rounded up to whole milliseconds, as the thread-owning loop rounds its wait: a timer counts whole milliseconds
    /// and drops the rest, so 1.4 ms would fire 0.4 ms before the deadline and the loop would park again, over and
    /// over, until the deadline passed. A due time beyond what a timer takes is as good as never: a later post or
    /// signal wakes the loop first.
    /// </remarks>
    /// <param name="wait">The real time until the next deadline, zero or more.</param>
    /// <returns>Whole milliseconds, at most 30 days.</returns>
    internal static TimeSpan TimerDueTime(TimeSpan wait) =>
        wait > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(wait.TotalMilliseconds, 0)));

    /// <summary>Releases the timer once the run has ended.</summary>
    internal void Finish() => _timer?.Dispose();

    /// <inheritdoc/>
    void IThreadPoolWorkItem.Execute() => Execute();

    private void OnTimer() => _runner!.OnParkTimeout(Volatile.Read(ref _armedPark));

    private void Execute()
    {
        var callerContext = _callerContext;
        if (callerContext is null)
        {
            Step();
            return;
        }

        _callerContext = null;
        ExecutionContext.Run(callerContext, static s => ((LoopStrand)s!).Step(), this);
    }

    private void Step()
    {
        var runner = _runner!;
        while (true)
        {
            bool ended;
            try
            {
                ended = runner.RunSlice();
            }
            catch (Exception e)
            {
                // A failure of the loop itself (not of a task): end the run with it, as Trio.Run would throw it.
                ReleaseDeferred();
                runner.Finish();
                _completion.TrySetException(e);
                return;
            }

            if (ended)
            {
                ReleaseDeferred();
                break;
            }

            // Parked. The function the slice deferred runs here, on the thread the slice gave back; if its result wakes
            // the parked loop, the next slice runs here too, in this loop rather than nested in the function's frame.
            if (t_deferred is not { } work)
            {
                return;
            }

            t_deferred = null;
            if (!work.RunDeferred())
            {
                return;
            }
        }

        runner.Finish();
        try
        {
            _completion.TrySetResult(runner.Outcome());
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
    }
}
