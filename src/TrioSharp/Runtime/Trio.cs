using System.Runtime.ExceptionServices;

namespace TrioSharp;

/// <summary>
/// The entry point and the ambient operations of a TrioSharp program: run a loop, sleep, checkpoint, read the
/// loop's clock, and put deadlines around code.
/// </summary>
/// <remarks>
/// Everything except <see cref="Run(Func{Task}, TrioRunOptions?)"/> and <see cref="RunAsync(Func{Task}, TrioRunOptions?)"/>
/// must be called from a task running on a loop, on the loop's thread; elsewhere it throws <see cref="InvalidOperationException"/>. Waits are
/// cancelled by the ambient <see cref="CancelScope"/>, with no token to pass.
/// </remarks>
public static class Trio
{
    /// <summary>
    /// Runs <paramref name="main"/> on a new loop on this thread and returns when it and every task it started
    /// have finished.
    /// </summary>
    /// <exception cref="DeadlockException">Every task blocked with nothing able to wake them.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a running loop.</exception>
    /// <remarks>Any exception raised by <paramref name="main"/> propagates unchanged.</remarks>
    /// <param name="main">The program's entry point, run as the run's first task.</param>
    /// <param name="options">The run's settings (clock, scheduling, cancellation, instruments); the defaults when null.</param>
    public static void Run(Func<Task> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        Runner.Run(main, null, options);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop on this thread and returns its result.</summary>
    /// <exception cref="DeadlockException">Every task blocked with nothing able to wake them.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a running loop.</exception>
    /// <param name="main">The program's entry point, run as the run's first task.</param>
    /// <param name="options">The run's settings (clock, scheduling, cancellation, instruments); the defaults when null.</param>
    /// <returns>The main function's result.</returns>
    public static T Run<T>(Func<Task<T>> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return (T)Runner.Run(main, static task => ((Task<T>)task).Result, options)!;
    }

    /// <summary>
    /// Runs <paramref name="main"/> on a new loop that owns no thread, and completes when it and every task it started
    /// have finished.
    /// </summary>
    /// <remarks>
    /// The same loop as <see cref="Run(Func{Task}, TrioRunOptions?)"/>, with the same ordering, clocks, autojump and
    /// deadlock detection, run as a strand: it runs in slices on the thread pool (or on the caller's
    /// <see cref="SynchronizationContext"/> or <see cref="TaskScheduler"/> when there is one), and while it is idle it
    /// holds no thread; posted work, a clock signal or its next deadline resumes it. Main runs in the caller's
    /// <see cref="ExecutionContext"/>. Exceptions are those of <c>Run</c>, carried by the returned task.
    /// </remarks>
    /// <param name="main">The program's entry point, run as the loop's first task.</param>
    /// <param name="options">The clock, scheduling policy and cancellation token; defaults when null.</param>
    /// <returns>A task that completes when the run ends, with main's exception, a <see cref="DeadlockException"/>, or an
    /// <see cref="OperationCanceledException"/> if <see cref="TrioRunOptions.Cancellation"/> ended it.</returns>
    public static Task RunAsync(Func<Task> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return Runner.RunAsync(main, null, options);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop that owns no thread, and completes with its result.</summary>
    /// <remarks>See <see cref="RunAsync(Func{Task}, TrioRunOptions?)"/>.</remarks>
    /// <param name="main">The program's entry point.</param>
    /// <param name="options">The clock, scheduling policy and cancellation token; defaults when null.</param>
    /// <returns>A task with main's result, or the run's exception.</returns>
    /// <typeparam name="T">Main's result.</typeparam>
    public static async Task<T> RunAsync<T>(Func<Task<T>> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return (T)(await Runner.RunAsync(main, static task => ((Task<T>)task).Result, options).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The running loop's <see cref="TrioToken"/>, for other threads to call into it. Taking it means other threads may
    /// wake tasks, so from then on the loop never reports a deadlock.
    /// </summary>
    public static TrioToken CurrentToken => CurrentRunner($"Trio.{nameof(CurrentToken)}").IssueToken();

    /// <summary>The limiter <see cref="ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> uses by default: 40 tokens per run, as in Trio.</summary>
    public static CapacityLimiter CurrentDefaultThreadLimiter =>
        CurrentRunner($"Trio.{nameof(CurrentDefaultThreadLimiter)}").DefaultThreadLimiter;

    /// <summary>
    /// Runs the synchronous <paramref name="function"/> on a worker thread and waits for its result without blocking
    /// the loop (Trio's <c>to_thread.run_sync</c>), for blocking APIs and CPU-bound work.
    /// </summary>
    /// <remarks>
    /// The first few functions at a time (as many as there are cores) run on the thread pool; beyond that on dedicated
    /// threads kept idle for a while and reused, so blocking functions never starve the pool. A token of <paramref name="limiter"/> is held while the thread runs (<see cref="CurrentDefaultThreadLimiter"/> when
    /// null). By default a cancellation waits for the thread to finish, and the function's result is returned (the next
    /// checkpoint raises the cancellation); with <paramref name="abandonOnCancel"/> a cancellation raises
    /// <see cref="Cancelled"/> at once and the thread's eventual result is discarded. The thread may call back into the
    /// loop through <see cref="TrioToken.Current"/>; that work runs under this task's cancel scope. While the thread runs
    /// the task waits on outside work, so a virtual clock does not autojump. Like the library's other waits, the call
    /// parks the task at once: await it where it is called (to run several functions at once, start a task for each in
    /// a nursery; a second wait started before the first is awaited throws <see cref="InvalidOperationException"/>).
    /// </remarks>
    /// <param name="function">The blocking or CPU-bound work.</param>
    /// <param name="abandonOnCancel">Whether a cancellation abandons the thread instead of waiting for it.</param>
    /// <param name="limiter">Bounds how many threads run at once; the run's default limiter when null.</param>
    /// <returns>The function's result; its exception, unchanged, if it threw.</returns>
    /// <typeparam name="T">The function's result.</typeparam>
    /// <exception cref="Cancelled">The scope was cancelled before the thread started, or (with <paramref name="abandonOnCancel"/>) while it ran.</exception>
    /// <exception cref="InvalidOperationException">The task is already waiting on something (a wait it has not awaited).</exception>
    public static ValueTask<T> ToThreadAsync<T>(Func<T> function, bool abandonOnCancel = false, CapacityLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (waited, pending) = StartToThread(function, abandonOnCancel, limiter);
        return waited is not null ? waited.Awaitable : new ValueTask<T>(pending!);
    }

    /// <summary>Runs the synchronous <paramref name="action"/> on a worker thread and waits for it without blocking the loop.</summary>
    /// <remarks>See <see cref="ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/>.</remarks>
    /// <param name="action">The blocking or CPU-bound work.</param>
    /// <param name="abandonOnCancel">Whether a cancellation abandons the thread instead of waiting for it.</param>
    /// <param name="limiter">Bounds how many threads run at once; the run's default limiter when null.</param>
    /// <returns>A wait that completes when the action has; its exception, unchanged, if it threw.</returns>
    /// <exception cref="Cancelled">The scope was cancelled before the thread started, or (with <paramref name="abandonOnCancel"/>) while it ran.</exception>
    public static ValueTask ToThreadAsync(Action action, bool abandonOnCancel = false, CapacityLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (waited, pending) = StartToThread(
            () =>
            {
                action();
                return true;
            },
            abandonOnCancel,
            limiter);
        return waited is not null ? waited.VoidAwaitable : new ValueTask(pending!);
    }

    /// <summary>The loop's time: how long its clock has run, as of this step.</summary>
    public static TimeSpan CurrentTime => TimeSpan.FromTicks(CurrentRunner($"Trio.{nameof(CurrentTime)}").Now);

    /// <summary>The loop's clock, a <see cref="TimeProvider"/> to hand to BCL APIs.</summary>
    public static TrioClock CurrentClock => CurrentRunner($"Trio.{nameof(CurrentClock)}").Clock;

    /// <summary>
    /// The earliest deadline that applies here: the minimum up the scope chain, stopping at a shield;
    /// <see cref="TimeSpan.MinValue"/> if a cancellation is already visible, <see cref="TimeSpan.MaxValue"/> if none.
    /// </summary>
    public static TimeSpan CurrentEffectiveDeadline
    {
        get
        {
            var task = CurrentTask($"Trio.{nameof(CurrentEffectiveDeadline)}");
            if (task.IsEffectivelyCancelled)
            {
                return TimeSpan.MinValue;
            }

            var deadline = TimeSpan.MaxValue;
            for (var scope = task.Scope; scope is not null; scope = scope.Parent)
            {
                if (scope.Parent is not null)
                {
                    var own = scope.Deadline;
                    deadline = own < deadline ? own : deadline;
                }

                if (scope.Shield)
                {
                    break;
                }
            }

            return deadline;
        }
    }

    /// <summary>
    /// A token that fires exactly when the current cancel scope becomes cancelled, for BCL calls
    /// (<c>HttpClient</c>, streams). An <see cref="OperationCanceledException"/> carrying it counts as a
    /// TrioSharp cancellation of that scope.
    /// </summary>
    public static CancellationToken CurrentCancellationToken => CurrentTask($"Trio.{nameof(CurrentCancellationToken)}").Scope.Token;

    /// <summary>A checkpoint: lets every other runnable task take a step, then raises <see cref="Cancelled"/> if the current scope is cancelled.</summary>
    /// <exception cref="Cancelled">The current scope is cancelled.</exception>
    /// <returns>A wait that completes in the next batch.</returns>
    public static ValueTask Checkpoint() => CurrentTask($"Trio.{nameof(Checkpoint)}").ParkRunnable(checkCancel: true);

    /// <summary>Raises <see cref="Cancelled"/> if the current scope is cancelled; never yields to other tasks.</summary>
    /// <exception cref="Cancelled">The current scope is cancelled.</exception>
    public static void CheckpointIfCancelled()
    {
        if (CurrentTask($"Trio.{nameof(CheckpointIfCancelled)}").IsEffectivelyCancelled)
        {
            throw new Cancelled();
        }
    }

    /// <summary>Sleeps for <paramref name="duration"/> on the loop's clock; zero is a plain checkpoint.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    /// <param name="duration">How long, on the loop's clock; zero or more.</param>
    /// <returns>A wait that completes at the deadline.</returns>
    public static ValueTask Sleep(TimeSpan duration)
    {
        var task = CurrentTask($"Trio.{nameof(Sleep)}");
        CheckDuration(duration, nameof(duration));
        return duration == TimeSpan.Zero
            ? task.ParkRunnable(checkCancel: true)
            : SleepUntilCore(task, SaturatingAdd(task.Runner.Now, duration.Ticks), "Trio.Sleep");
    }

    /// <summary>Sleeps for <paramref name="seconds"/> on the loop's clock; zero is a plain checkpoint.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    /// <param name="seconds">How long, in seconds on the loop's clock; zero or more.</param>
    /// <returns>A wait that completes at the deadline.</returns>
    public static ValueTask Sleep(double seconds) => Sleep(ToDuration(seconds, nameof(seconds)));

    /// <summary>Sleeps until the loop's clock reads <paramref name="deadline"/>; a past deadline is a plain checkpoint.</summary>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    /// <param name="deadline">The absolute deadline on the loop's clock (<see cref="Trio.CurrentTime"/>).</param>
    /// <returns>A wait that completes at the deadline.</returns>
    public static ValueTask SleepUntil(TimeSpan deadline)
    {
        var task = CurrentTask($"Trio.{nameof(SleepUntil)}");
        return deadline.Ticks <= task.Runner.Now
            ? task.ParkRunnable(checkCancel: true)
            : SleepUntilCore(task, deadline.Ticks, "Trio.SleepUntil");
    }

    /// <summary>Sleeps until cancelled.</summary>
    /// <exception cref="Cancelled">Always, once the current scope is cancelled.</exception>
    /// <returns>A wait that completes only by cancellation.</returns>
    public static ValueTask SleepForever() => SleepUntilCore(CurrentTask($"Trio.{nameof(SleepForever)}"), long.MaxValue, "Trio.SleepForever");

    /// <summary>
    /// Waits until every other task is blocked in one of the library's waits (not running, not runnable, not
    /// awaiting outside work). Used by tests to let the program settle before asserting.
    /// </summary>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    /// <returns>A wait that completes once every other task is blocked.</returns>
    public static ValueTask WaitAllTasksBlocked()
    {
        var task = CurrentTask($"Trio.{nameof(WaitAllTasksBlocked)}");
        return task.Runner.WaitAllTasksBlocked(task);
    }

    /// <summary>A snapshot of the loop's task counts and next deadline.</summary>
    /// <returns>A snapshot of the run.</returns>
    public static RunStatistics CurrentStatistics()
    {
        var runner = CurrentRunner($"Trio.{nameof(CurrentStatistics)}");
        var next = runner.NextDeadline;
        return new RunStatistics(
            runner.LiveTasks,
            runner.RunnableSteps,
            runner.BlockedTasks,
            next == long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks(Math.Max(0, next - runner.Now)));
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="timeout"/> from now; at the deadline the body is cancelled and this returns.</summary>
    /// <returns>The scope, whose <see cref="CancelScope.CancelledCaught"/> says whether the deadline cut the body short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <param name="timeout">The time allowed, counted from when the scope is entered.</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    public static Task<CancelScope> MoveOnAfter(TimeSpan timeout, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MoveOnIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now; at the deadline the body is cancelled and this returns.</summary>
    /// <returns>The scope, whose <see cref="CancelScope.CancelledCaught"/> says whether the deadline cut the body short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    /// <param name="seconds">How long, in seconds on the loop's clock; zero or more.</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    public static Task<CancelScope> MoveOnAfter(double seconds, Func<Task> body, bool shield = false) =>
        MoveOnAfter(ToDuration(seconds, nameof(seconds)), body, shield);

    /// <summary>Runs <paramref name="body"/> until the loop's clock reads <paramref name="deadline"/>; then the body is cancelled and this returns.</summary>
    /// <returns>The scope, whose <see cref="CancelScope.CancelledCaught"/> says whether the deadline cut the body short.</returns>
    /// <param name="deadline">The absolute deadline on the loop's clock (<see cref="Trio.CurrentTime"/>).</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    public static Task<CancelScope> MoveOnAt(TimeSpan deadline, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MoveOnIn(CancelScope.WithDeadline(deadline, shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="timeout"/> from now, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <param name="timeout">The time allowed, counted from when the scope is entered.</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A task that completes when the body does.</returns>
    public static Task FailAfter(TimeSpan timeout, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    /// <param name="seconds">How long, in seconds on the loop's clock; zero or more.</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A task that completes when the body does.</returns>
    public static Task FailAfter(double seconds, Func<Task> body, bool shield = false) =>
        FailAfter(ToDuration(seconds, nameof(seconds)), body, shield);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="timeout"/> from now and returns its result, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <param name="timeout">The time allowed, counted from when the scope is entered.</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A task that completes when the body does.</returns>
    public static Task<T> FailAfter<T>(TimeSpan timeout, Func<Task<T>> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> until the loop's clock reads <paramref name="deadline"/>, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <param name="deadline">The absolute deadline on the loop's clock (<see cref="Trio.CurrentTime"/>).</param>
    /// <param name="body">The work to run under the scope.</param>
    /// <param name="shield">Whether the scope also keeps outer cancellations out.</param>
    /// <returns>A task that completes when the body does.</returns>
    public static Task FailAt(TimeSpan deadline, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithDeadline(deadline, shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now and returns its result, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <param name="seconds">The time allowed, in seconds on the loop's clock.</param>
    /// <param name="body">The work to run under the deadline.</param>
    /// <param name="shield">Whether the deadline's scope also keeps outer cancellations out.</param>
    /// <typeparam name="T">The body's result.</typeparam>
    /// <returns>The body's result.</returns>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    public static Task<T> FailAfter<T>(double seconds, Func<Task<T>> body, bool shield = false) =>
        FailAfter(ToDuration(seconds, nameof(seconds)), body, shield);

    /// <summary>Runs <paramref name="body"/> until the loop's clock reads <paramref name="deadline"/> and returns its result, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <param name="deadline">The absolute deadline on the loop's clock (<see cref="CurrentTime"/>).</param>
    /// <param name="body">The work to run under the deadline.</param>
    /// <param name="shield">Whether the deadline's scope also keeps outer cancellations out.</param>
    /// <typeparam name="T">The body's result.</typeparam>
    /// <returns>The body's result.</returns>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    public static Task<T> FailAt<T>(TimeSpan deadline, Func<Task<T>> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithDeadline(deadline, shield), body);
    }

    /// <summary>
    /// Describes every live task of the current run as a tree: the nurseries each task opened with their children, the
    /// cancel scopes in between (deadlines, shields, cancellations), and what each task waits for. What one needs when
    /// a program hangs; from another thread, call it through <see cref="TrioToken.Invoke{T}(Func{T})"/>.
    /// </summary>
    /// <returns>The tree as indented text, one line per task and scope, headed by the loop's time.</returns>
    /// <exception cref="InvalidOperationException">Not on a loop's thread.</exception>
    public static string DumpTaskTree() => TaskTreeDump.Write(CurrentRunner($"Trio.{nameof(DumpTaskTree)}"));

    /// <summary>The task running now; throws a message naming <paramref name="api"/> when there is none.</summary>
    /// <param name="api">The public member the user called, qualified by its type ("Trio.Sleep", "Nursery.StartAsync").</param>
    internal static TrioTask CurrentTask(string api) =>
        CurrentRunner(api).CurrentTask ?? throw new InvalidOperationException(
            $"{api} must be called from a TrioSharp task; this code runs on the loop's thread but outside any task "
            + "(a timer or token callback). Start a task in a nursery to do this work.");

    /// <summary>Validates and converts a duration in seconds.</summary>
    internal static TimeSpan ToDuration(double seconds, string parameter)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(parameter, seconds, $"A duration must be zero or positive seconds; got {seconds}.");
        }

        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    internal static Runner CurrentRunner(string api) =>
        Runner.Current ?? throw new InvalidOperationException(
            $"{api} must be called inside Trio.Run, on the loop's thread. This thread runs no TrioSharp loop: "
            + "call it from a task of the running program, and avoid ConfigureAwait(false) and Task.Run around it, "
            + "which move code off the loop.");

    private static TimeSpan CheckDuration(TimeSpan duration, string parameter) =>
        duration >= TimeSpan.Zero
            ? duration
            : throw new ArgumentOutOfRangeException(parameter, duration, $"A duration must be zero or positive; got {duration}.");

    private static ValueTask SleepUntilCore(TrioTask task, long deadline, string what) =>
        task.IsEffectivelyCancelled ? task.ParkRunnable(checkCancel: true) : task.ParkUntil(deadline, what);

    // Arguments are checked by the public methods before these start, so a bad argument throws at the call.
    private static async Task<CancelScope> MoveOnIn(CancelScope scope, Func<Task> body)
    {
        await scope.RunAsync(body);
        return scope;
    }

    private static async Task FailIn(CancelScope scope, Func<Task> body)
    {
        await scope.RunAsync(body);
        if (scope.CancelledCaught)
        {
            throw new TooSlowException("The operation did not finish before its deadline (Trio.FailAfter / Trio.FailAt).");
        }
    }

    private static async Task<T> FailIn<T>(CancelScope scope, Func<Task<T>> body)
    {
        T result = default!;

        // A block body, so the lambda is a Func<Task> and binds to the non-generic FailIn.
        await FailIn(scope, async () => { result = await body(); });
        return result;
    }

    /// <summary>
    /// Starts a <see cref="ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> call: either the work, when the task is
    /// parked on it (a free token, waited for), or the task of a call that waits for a token, may abandon its thread, or
    /// was cancelled before it started.
    /// </summary>
    private static (ThreadWork<T>? Waited, Task<T>? Pending) StartToThread<T>(Func<T> function, bool abandonOnCancel, CapacityLimiter? limiter)
    {
        var task = CurrentTask($"Trio.{nameof(ToThreadAsync)}");
        if (task.IsEffectivelyCancelled)
        {
            return (null, Task.FromException<T>(new Cancelled()));
        }

        // Checked before a token is taken: a task that is already waiting on something cannot park on the thread.
        task.PrepareToPark();
        limiter ??= task.Runner.DefaultThreadLimiter;
        var work = ThreadWork<T>.For(task, function, limiter, abandonOnCancel);
        if (abandonOnCancel || !limiter.TryAcquireOnBehalfOf(work))
        {
            return (null, ToThreadAfterAcquire(task, work, abandonOnCancel, limiter));
        }

        // A free token: the task parks on the thread now and the wait is the schedule point, as Trio's acquire-then-wait
        // makes one. No state machine, task or completion source: this is the whole cost of a short call.
        work.ParkStarter();
        work.Start();
        return (work, null);
    }

    /// <summary>The rest of a <see cref="ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> call that waits for a token or may abandon its thread.</summary>
    private static async Task<T> ToThreadAfterAcquire<T>(TrioTask task, ThreadWork<T> work, bool abandonOnCancel, CapacityLimiter limiter)
    {
        await limiter.AcquireOnBehalfOfAsync(work);
        if (!abandonOnCancel)
        {
            work.ParkStarter();
            work.Start();
            return await work.Awaitable;
        }

        work.Start();
        var token = task.Scope.Token;
        try
        {
            return await work.Outcome.WaitAsync(token);
        }
        catch (OperationCanceledException e) when (e.CancellationToken == token && !work.Outcome.IsCompleted)
        {
            throw new Cancelled(e);
        }
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
