namespace TrioSharp;

/// <summary>One call of <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/>: runs on a worker thread, reports on the loop.</summary>
/// <typeparam name="T">The function's result.</typeparam>
internal sealed class ThreadWork<T> : ThreadWorker, IThreadPoolWorkItem, IExternalWork
{
    // Completed on the loop's thread (IExternalWork.Run) with no continuation run inline elsewhere: the awaiting task's
    // continuation is posted to its own context, so it runs in the loop's next batch, deterministically.
    private readonly TaskCompletionSource<T> _outcome = new();
    private readonly Func<T> _function;
    private readonly CapacityLimiter _limiter;
    private T? _result;
    private Exception? _error;
    private bool _onPool;

    internal ThreadWork(Runner runner, Func<T> function, CancelScope starterScope, CapacityLimiter limiter)
        : base(runner, starterScope)
    {
        _function = function;
        _limiter = limiter;
    }

    /// <summary>Completes on the loop with the function's result or exception, unchanged.</summary>
    internal Task<T> Outcome => _outcome.Task;

    /// <summary>Starts the function on a worker thread.</summary>
    internal void Start()
    {
        // Decided before the work is queued: the function may finish before this method returns.
        _onPool = WorkerThreadCache.TryTakePoolShare();
        if (_onPool)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
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
