namespace TrioSharp;

/// <summary>
/// A <see cref="TrioToken.RunAsync{T}(Func{Task{T}}, CancellationToken)"/> function: run as a system task in its own
/// cancel scope, which the caller's token cancels, and, for a worker thread's call, the starting task's scope too.
/// </summary>
/// <typeparam name="T">The function's result.</typeparam>
internal sealed class SystemTaskWork<T> : IExternalWork, ITaskOwner
{
    // The caller is outside the loop (or is a task that must not be resumed inline): never run its continuation here.
    private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<Task<T>> _function;
    private readonly CancellationToken _cancellation;
    private readonly CancelScope? _starterScope;
    private readonly CancelScope _scope = new();
    private Runner? _runner;
    private CancellationTokenRegistration _callerRegistration;
    private CancellationTokenRegistration _starterRegistration;
    private T? _result;

    internal SystemTaskWork(Func<Task<T>> function, ThreadWorker? worker, CancellationToken cancellation)
    {
        _function = function;
        _cancellation = cancellation;
        // Read now, on the worker's thread while its function runs: the loop reuses a finished worker for another call.
        _starterScope = worker?.StarterScope;
    }

    /// <summary>The function's result or exception.</summary>
    internal Task<T> Outcome => _outcome.Task;

    /// <inheritdoc/>
    public void Run(Runner runner)
    {
        if (runner.MainExited)
        {
            Refuse(RunFinishedException.Create());
            return;
        }

        if (_cancellation.IsCancellationRequested)
        {
            _outcome.TrySetCanceled(_cancellation);
            return;
        }

        // The caller's token fires on its own thread: the scope is cancelled on the loop. A run that has finished by
        // then has ended this task already.
        _runner = runner;
        _callerRegistration = _cancellation.UnsafeRegister(
            static (state, _) => ((SystemTaskWork<T>)state!).CancelFromOutside(), this);

        if (_starterScope is not null)
        {
            // The starting task's scope token fires on the loop, during that scope's cancellation.
            var starterToken = _starterScope.Token;
            if (starterToken.IsCancellationRequested)
            {
                _scope.Cancel();
            }
            else
            {
                _starterRegistration = starterToken.UnsafeRegister(static state => ((CancelScope)state!).Cancel(), _scope);
            }
        }

        runner.Spawn(null, _function, RunInScope, runner.SystemScope, this);
    }

    /// <inheritdoc/>
    public void Refuse(Exception reason) => _outcome.TrySetException(reason);

    /// <inheritdoc/>
    void ITaskOwner.OnTaskExit(TrioTask task, Exception? error)
    {
        _callerRegistration.Dispose();
        _starterRegistration.Dispose();
        if (error is not null)
        {
            _outcome.TrySetException(error);
        }
        else if (_scope.CancelledCaught)
        {
            // Cut short by the caller's token (a cancelled task, the .NET way), or by the cancellation of the task whose
            // worker thread submitted it (Cancelled in that thread, as Trio raises it there).
            if (_cancellation.IsCancellationRequested)
            {
                _outcome.TrySetCanceled(_cancellation);
            }
            else
            {
                _outcome.TrySetException(new Cancelled());
            }
        }
        else
        {
            _outcome.TrySetResult(_result!);
        }
    }

    private Task RunInScope() => _scope.RunAsync(async () => _result = await _function());

    // Posted, not run here: this is the caller's thread, and the scope belongs to the loop.
    private void CancelFromOutside() => _runner!.PostExternal(new SoonWork(_scope.Cancel));
}
