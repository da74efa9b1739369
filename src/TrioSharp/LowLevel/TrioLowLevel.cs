namespace TrioSharp.LowLevel;

/// <summary>
/// The run loop's low-level operations (after <c>trio.lowlevel</c>): what a library needs to write its own
/// primitives on the public API, as the core's own are written.
/// </summary>
public static class TrioLowLevel
{
    /// <summary>Whether the calling thread is running a TrioSharp loop now (Trio's <c>in_trio_run</c>).</summary>
    public static bool InTrioRun => Runner.Current is not null;

    /// <summary>The task whose code is running now (Trio's <c>current_task</c>).</summary>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    public static TaskInfo CurrentTask => Trio.CurrentTask($"TrioLowLevel.{nameof(CurrentTask)}").Info;

    /// <summary>The run's main task (Trio's <c>current_root_task</c>): one per run, so also the run's identity.</summary>
    /// <exception cref="InvalidOperationException">Not on a loop's thread.</exception>
    public static TaskInfo CurrentRootTask => Trio.CurrentRunner($"TrioLowLevel.{nameof(CurrentRootTask)}").MainTask.Info;

    /// <summary>
    /// A schedule point that never raises <see cref="Cancelled"/> (Trio's <c>cancel_shielded_checkpoint</c>): every
    /// other runnable task takes a step before the caller resumes, cancelled or not.
    /// </summary>
    /// <returns>A wait that completes in the next batch.</returns>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    public static ValueTask CancelShieldedCheckpoint() =>
        Trio.CurrentTask($"TrioLowLevel.{nameof(CancelShieldedCheckpoint)}").ParkRunnable(checkCancel: false);

    /// <summary>
    /// Starts <paramref name="function"/> as a system task (Trio's <c>spawn_system_task</c>): outside the task tree,
    /// in the run's system scope, for services that must outlive main. Returns at once; the task's first step runs in
    /// a later batch.
    /// </summary>
    /// <remarks>
    /// The system scope is cancelled when main exits, so a system task gets <see cref="Cancelled"/> at its next
    /// checkpoint then, and the run ends once it has exited. An exception other than that cancellation is a bug in
    /// the service: every task is cancelled and the run ends with an <see cref="InvalidOperationException"/> wrapping it.
    /// </remarks>
    /// <param name="function">The task's body.</param>
    /// <param name="name">A name for messages and task-tree dumps; the method's name when null.</param>
    /// <returns>The new task.</returns>
    /// <exception cref="InvalidOperationException">Not on a loop's thread.</exception>
    public static TaskInfo SpawnSystemTask(Func<Task> function, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var runner = Trio.CurrentRunner($"TrioLowLevel.{nameof(SpawnSystemTask)}");
        return runner.Spawn(name, function, function, runner.SystemScope, SystemTaskOwner.Instance).Info;
    }

    /// <summary>Fails the run when a system task raises anything but the system scope's cancellation.</summary>
    private sealed class SystemTaskOwner : ITaskOwner
    {
        internal static readonly SystemTaskOwner Instance = new();

        /// <inheritdoc/>
        public void OnTaskExit(TrioTask task, Exception? error)
        {
            if (error is not null && !CancelScope.IsCancellation(error))
            {
                task.Runner.FailRun(
                    error,
                    $"The system task {task} raised; the run was cancelled and ends with its exception. A system task "
                    + "must handle its own errors (only the cancellation at main's exit may escape it).");
            }
        }
    }
}
