namespace TrioSharp;

/// <summary>
/// A synchronous function that <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> runs on a
/// worker thread, and what that thread needs to call back into its loop.
/// </summary>
internal abstract class ThreadWorker
{
    [ThreadStatic]
    private static ThreadWorker? t_current;

    private protected ThreadWorker(Runner runner, CancelScope starterScope)
    {
        Runner = runner;
        StarterScope = starterScope;
    }

    /// <summary>The worker whose function runs on this thread now, or null.</summary>
    internal static ThreadWorker? Current => t_current;

    /// <summary>The loop that started the worker.</summary>
    internal Runner Runner { get; }

    /// <summary>
    /// The cancel scope of the task that started the worker: work the worker submits back to the loop runs under it,
    /// as in Trio, so cancelling that task cancels what its thread asked the loop to do.
    /// </summary>
    internal CancelScope StarterScope { get; private protected set; }

    /// <summary>Marks this worker as the one running on this thread; returns what to restore with <see cref="LeaveThread"/>.</summary>
    private protected ThreadWorker? EnterThread()
    {
        var previous = t_current;
        t_current = this;
        return previous;
    }

    /// <summary>Restores the worker that ran on this thread before <see cref="EnterThread"/>.</summary>
    private protected static void LeaveThread(ThreadWorker? previous) => t_current = previous;

    /// <summary>
    /// Runs the function now, on the calling thread: the thread-pool thread whose strand slice started it and has just
    /// parked the loop (<see cref="LoopStrand.TryDeferToSliceEnd"/>).
    /// </summary>
    /// <returns>True if its result claimed the parked loop: the caller then runs the loop's next slice.</returns>
    internal abstract bool RunDeferred();

    /// <summary>Queues the function on the thread pool after all, as if it had not been deferred: the slice goes on.</summary>
    internal abstract void QueueOnPool();
}
