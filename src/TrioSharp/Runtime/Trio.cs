using System.Runtime.ExceptionServices;

namespace TrioSharp;

/// <summary>
/// The entry point and the ambient operations of a TrioSharp program: run a loop, sleep, checkpoint, read the
/// loop's clock, and put deadlines around code.
/// </summary>
/// <remarks>
/// Everything except <see cref="Run(Func{Task}, TrioRunOptions?)"/> must be called from a task running on a
/// loop, on the loop's thread; elsewhere it throws <see cref="InvalidOperationException"/>. Waits are
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
    public static void Run(Func<Task> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        Runner.Run(main, null, options);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop on this thread and returns its result.</summary>
    /// <exception cref="DeadlockException">Every task blocked with nothing able to wake them.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a running loop.</exception>
    public static T Run<T>(Func<Task<T>> main, TrioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return (T)Runner.Run(main, static task => ((Task<T>)task).Result, options)!;
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
    public static ValueTask Sleep(double seconds) => Sleep(ToDuration(seconds, nameof(seconds)));

    /// <summary>Sleeps until the loop's clock reads <paramref name="deadline"/>; a past deadline is a plain checkpoint.</summary>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    public static ValueTask SleepUntil(TimeSpan deadline)
    {
        var task = CurrentTask($"Trio.{nameof(SleepUntil)}");
        return deadline.Ticks <= task.Runner.Now
            ? task.ParkRunnable(checkCancel: true)
            : SleepUntilCore(task, deadline.Ticks, "Trio.SleepUntil");
    }

    /// <summary>Sleeps until cancelled.</summary>
    /// <exception cref="Cancelled">Always, once the current scope is cancelled.</exception>
    public static ValueTask SleepForever() => SleepUntilCore(CurrentTask($"Trio.{nameof(SleepForever)}"), long.MaxValue, "Trio.SleepForever");

    /// <summary>
    /// Waits until every other task is blocked in one of the library's waits (not running, not runnable, not
    /// awaiting outside work). Used by tests to let the program settle before asserting.
    /// </summary>
    /// <exception cref="Cancelled">The current scope was cancelled.</exception>
    public static ValueTask WaitAllTasksBlocked()
    {
        var task = CurrentTask($"Trio.{nameof(WaitAllTasksBlocked)}");
        return task.Runner.WaitAllTasksBlocked(task);
    }

    /// <summary>A snapshot of the loop's task counts and next deadline.</summary>
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
    public static Task<CancelScope> MoveOnAfter(TimeSpan timeout, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MoveOnIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now; at the deadline the body is cancelled and this returns.</summary>
    /// <returns>The scope, whose <see cref="CancelScope.CancelledCaught"/> says whether the deadline cut the body short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    public static Task<CancelScope> MoveOnAfter(double seconds, Func<Task> body, bool shield = false) =>
        MoveOnAfter(ToDuration(seconds, nameof(seconds)), body, shield);

    /// <summary>Runs <paramref name="body"/> until the loop's clock reads <paramref name="deadline"/>; then the body is cancelled and this returns.</summary>
    /// <returns>The scope, whose <see cref="CancelScope.CancelledCaught"/> says whether the deadline cut the body short.</returns>
    public static Task<CancelScope> MoveOnAt(TimeSpan deadline, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MoveOnIn(CancelScope.WithDeadline(deadline, shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="timeout"/> from now, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task FailAfter(TimeSpan timeout, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    public static Task FailAfter(double seconds, Func<Task> body, bool shield = false) =>
        FailAfter(ToDuration(seconds, nameof(seconds)), body, shield);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="timeout"/> from now and returns its result, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task<T> FailAfter<T>(TimeSpan timeout, Func<Task<T>> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithTimeout(CheckDuration(timeout, nameof(timeout)), shield), body);
    }

    /// <summary>Runs <paramref name="body"/> until the loop's clock reads <paramref name="deadline"/>, raising <see cref="TooSlowException"/> if the deadline cancels it.</summary>
    /// <exception cref="TooSlowException">The deadline passed and cancelled the body.</exception>
    public static Task FailAt(TimeSpan deadline, Func<Task> body, bool shield = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return FailIn(CancelScope.WithDeadline(deadline, shield), body);
    }

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

    private static Runner CurrentRunner(string api) =>
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

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
