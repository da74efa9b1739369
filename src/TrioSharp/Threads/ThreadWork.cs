namespace TrioSharp;

/// <summary>One call of <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/>: runs on a worker thread, reports on the loop.</summary>
/// <typeparam name="T">The function's result.</typeparam>
internal sealed class ThreadWork<T> : ThreadWorker, IThreadPoolWorkItem, IExternalWork
{
    // Completed on the loop's thread (IExternalWork.Run), as the task that started the work: the continuation that
    // task registered runs inline there, in the batch that took the result, not one batch later through a post.
    private readonly TaskCompletionSource<T> _outcome = new();
    private readonly TrioTask? _resumeStarter;
    private readonly Func<T> _function;
    private readonly CapacityLimiter _limiter;
    private T? _result;
    private Exception? _error;
    private bool _onPool;
    private readonly int _hash = Interlocked.Increment(ref s_hashes);
    private static int s_hashes;

    internal ThreadWork(TrioTask starter, Func<T> function, CapacityLimiter limiter, bool abandonOnCancel)
        : base(starter.Runner, starter.Scope)
    {
        // A task that may abandon its thread may be waiting on something else, or be gone, when the result comes back.
        _resumeStarter = abandonOnCancel ? null : starter;
        _function = function;
        _limiter = limiter;
    }

    /// <summary>
    /// A hash code without the runtime's: the work is the limiter's borrower, hashed into its set twice per call, and a
    /// fresh object's first identity hash is a slow call into the runtime. Equality stays reference equality.
    /// </summary>
    /// <returns>A number taken from the work's sequence.</returns>
    public override int GetHashCode() => _hash;

    /// <summary>Completes on the loop with the function's result or exception, unchanged.</summary>
    internal Task<T> Outcome => _outcome.Task;

    /// <summary>Starts the function on a worker thread.</summary>
    internal void Start()
    {
        Runner.OutsideWorkStarted();

        // Decided before the work is queued: the function may finish before this method returns.
        _onPool = WorkerThreadCache.TryTakePoolShare();
        if (_onPool)
        {
            // Local: from the slice of a strand, the thread that is about to give the parked loop back runs the function next.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
        else
        {
            WorkerThreadCache.RunOnCachedThread(this);
        }
    }

    /// <inheritdoc/>
    void IThreadPoolWorkItem.Execute()
    {
        // No closure: this runs once per round trip.
        var previous = EnterThread();
        try
        {
            _result = _function();
        }
        catch (Exception e)
        {
            _error = e;
        }
        finally
        {
            LeaveThread(previous);
        }

        if (_onPool)
        {
            WorkerThreadCache.LeavePool();
        }

        // Back to the loop: release the limiter's token and deliver the outcome there, in one step (as Trio does).
        // A run that has finished meanwhile (the task abandoned the thread) has nobody to deliver to.
        Runner.PostExternal(this, mayRunLoopHere: _onPool);
    }

    /// <inheritdoc/>
    void IExternalWork.Run(Runner runner)
    {
        runner.OutsideWorkEnded();
        _limiter.ReleaseOnBehalfOf(this);
        if (_resumeStarter is { HasExited: false } starter)
        {
            runner.RunAs(starter, static work => work.Complete(), this);
        }
        else
        {
            // Abandonable, or its task has gone (it never awaited the outcome): continuations, if any, are posted to
            // their contexts and run in the next batch.
            Complete();
        }
    }

    private void Complete()
    {
        if (_error is not null)
        {
            _outcome.TrySetException(_error);
        }
        else
        {
            _outcome.TrySetResult(_result!);
        }
    }

    /// <inheritdoc/>
    void IExternalWork.Refuse(Exception reason) => _outcome.TrySetException(reason);
}
