using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace TrioSharp;

/// <summary>One call of <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/>: runs on a worker thread, reports on the loop.</summary>
/// <remarks>
/// A call that waits for its thread parks its task (<see cref="TrioTask.ParkOutside"/>) and is the source of the
/// value task the caller awaits: the result resumes the task inline, on the loop, in the step that takes it, with no
/// task, completion source or context continuation in between. A call that may abandon its thread completes a
/// <see cref="TaskCompletionSource{TResult}"/> instead, which the abandoning wait races against the task's cancellation.
/// </remarks>
/// <typeparam name="T">The function's result.</typeparam>
internal sealed class ThreadWork<T> : ThreadWorker, IThreadPoolWorkItem, IExternalWork, IValueTaskSource<T>, IValueTaskSource
{
    private TrioTask _starter;
    private readonly TaskCompletionSource<T>? _outcome;
    private Func<T>? _function;
    private CapacityLimiter _limiter;
    private T? _result;
    private Exception? _error;
    private bool _onPool;
    private short _starterToken;
    // The value task's token: a work that was waited for is reused by the loop's next call once its result is read, so
    // a stale value task (awaited twice) fails on the version instead of reading the next call's outcome.
    private short _version;
    private readonly int _hash;

    private ThreadWork(TrioTask starter, Func<T> function, CapacityLimiter limiter, bool abandonOnCancel)
        : base(starter.Runner, starter.Scope)
    {
        _starter = starter;
        _hash = starter.Runner.NextBorrowerHash();
        // A task that may abandon its thread may be waiting on something else, or be gone, when the result comes back.
        _outcome = abandonOnCancel ? new TaskCompletionSource<T>() : null;
        _function = function;
        _limiter = limiter;
    }

    /// <summary>A work for one call: the loop's spare one (left by the last call that was waited for) or a new one.</summary>
    internal static ThreadWork<T> For(TrioTask starter, Func<T> function, CapacityLimiter limiter, bool abandonOnCancel)
    {
        var runner = starter.Runner;
        if (abandonOnCancel || runner.SpareThreadWork is not ThreadWork<T> spare)
        {
            return new ThreadWork<T>(starter, function, limiter, abandonOnCancel);
        }

        runner.SpareThreadWork = null;
        spare._starter = starter;
        spare.StarterScope = starter.Scope;
        spare._function = function;
        spare._limiter = limiter;
        return spare;
    }

    /// <summary>
    /// A hash code without the runtime's: the work is the limiter's borrower, hashed into its set twice per call, and a
    /// fresh object's first identity hash is a slow call into the runtime. Equality stays reference equality.
    /// </summary>
    /// <returns>A number from the loop's sequence of borrowers.</returns>
    public override int GetHashCode() => _hash;

    /// <summary>Completes on the loop with the function's result or exception, unchanged (work that may be abandoned only).</summary>
    internal Task<T> Outcome => _outcome!.Task;

    /// <summary>The wait for the result, once <see cref="ParkStarter"/> parked the task.</summary>
    internal ValueTask<T> Awaitable => new(this, _version);

    /// <summary>The wait for the function to finish, for a caller that needs no result.</summary>
    internal ValueTask VoidAwaitable => new(this, _version);

    /// <summary>Parks the starting task until the function's outcome comes back (work that is waited for only).</summary>
    internal void ParkStarter()
    {
        // The task's own ValueTask is dropped on purpose: the caller awaits this work, which forwards to the task's
        // source with the task's token (kept here).
#pragma warning disable CA2012
        _ = _starter.ParkOutside("Trio.ToThreadAsync (a function on a worker thread)");
#pragma warning restore CA2012
        _starterToken = _starter.WaitToken;
    }

    /// <summary>Starts the function on a worker thread.</summary>
    internal void Start()
    {
        Runner.OutsideWorkStarted();

        // Decided before the work is queued: the function may finish before this method returns.
        _onPool = WorkerThreadCache.TryTakePoolShare();
        if (!_onPool)
        {
            WorkerThreadCache.RunOnCachedThread(this);
        }
        else if (!LoopStrand.TryDeferToSliceEnd(Runner, this))
        {
            QueueOnPool();
        }
    }

    /// <inheritdoc/>
    void IThreadPoolWorkItem.Execute()
    {
        RunFunction();

        // Back to the loop: release the limiter's token and deliver the outcome there, in one step (as Trio does).
        // A run that has finished meanwhile (the task abandoned the thread) has nobody to deliver to.
        Runner.PostExternal(this, mayRunLoopHere: _onPool);
    }

    /// <inheritdoc/>
    internal override bool RunDeferred()
    {
        RunFunction();
        return Runner.PostExternalAndClaim(this);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Local: from the slice of a strand, the thread that is about to give the parked loop back runs the function next.
    /// </remarks>
    internal override void QueueOnPool() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);

    private void RunFunction()
    {
        // No closure: this runs once per round trip.
        var previous = EnterThread();
        try
        {
            _result = _function!();
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
    }

    /// <inheritdoc/>
    void IExternalWork.Run(Runner runner)
    {
        runner.OutsideWorkEnded();
        _limiter.ReleaseOnBehalfOf(this);
        if (_outcome is null)
        {
            // The task is parked on this work and cannot have exited: it resumes now, as this step.
            _starter.ResumeFromOutside();
        }
        else if (_error is not null)
        {
            // Abandonable: continuations, if any, are posted to their contexts and run in the next batch.
            _outcome.TrySetException(_error);
        }
        else
        {
            _outcome.TrySetResult(_result!);
        }
    }

    /// <inheritdoc/>
    void IExternalWork.Refuse(Exception reason) => _outcome?.TrySetException(reason);

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        var status = _starter.GetStatus(_starterToken);
        return status == ValueTaskSourceStatus.Succeeded && _error is not null ? ValueTaskSourceStatus.Faulted : status;
    }

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);
        _starter.OnCompleted(continuation, state, _starterToken, flags);
    }

    /// <inheritdoc/>
    public T GetResult(short token)
    {
        CheckToken(token);
        _starter.GetResult(_starterToken);
        var (result, error) = (_result, _error);

        // Read on the loop, in the task's step: the work is free for the loop's next call.
        _version++;
        _result = default;
        _error = null;
        _function = null;
        Runner.SpareThreadWork = this;
        if (error is not null)
        {
            // Rethrown as the function threw it, with its own stack trace.
            ExceptionDispatchInfo.Throw(error);
        }

        return result!;
    }

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token) => GetResult(token);

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("This Trio.ToThreadAsync wait has already been awaited; a wait can be awaited only once.");
        }
    }
}
