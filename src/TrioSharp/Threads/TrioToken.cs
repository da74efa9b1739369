namespace TrioSharp;

/// <summary>
/// A handle to a running loop that other threads use to call into it: run a callback on the loop, or run an async
/// function as a task of the loop and wait for its result (Trio's <c>TrioToken</c> and <c>trio.from_thread</c>).
/// </summary>
/// <remarks>
/// <para>
/// Take it inside the loop with <see cref="Trio.CurrentToken"/>, or on a thread started by
/// <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> with <see cref="Current"/>, and hand it to
/// other threads. Work submitted from one thread runs in the order it was submitted. Once a token has been taken
/// with <see cref="Trio.CurrentToken"/>, the loop no longer reports a deadlock when every task is blocked: another
/// thread may still wake one.
/// </para>
/// <para>
/// Async functions run as system tasks: children of the run's system scope, not of any nursery, so an error goes to
/// the caller and never cancels the rest of the run. When main exits, the system scope is cancelled and new work
/// is refused with <see cref="RunFinishedException"/>. Work submitted from a thread started by
/// <c>Trio.ToThreadAsync</c> runs under the cancel scope of the task that started that thread, as in Trio.
/// </para>
/// </remarks>
public sealed class TrioToken
{
    private readonly Runner _runner;

    internal TrioToken(Runner runner) => _runner = runner;

    /// <summary>
    /// The token of the loop running on this thread, or of the loop whose <c>Trio.ToThreadAsync</c> started this thread;
    /// null elsewhere.
    /// </summary>
    public static TrioToken? Current =>
        Runner.Current is { } runner ? runner.IssueToken() : ThreadWorker.Current?.Runner.Token;

    /// <summary>Whether the run has finished, so every submission is refused.</summary>
    public bool IsRunFinished => _runner.IsFinished;

    /// <summary>
    /// Queues <paramref name="callback"/> to run on the loop's thread, outside any task, and returns at once (Trio's
    /// <c>run_sync_soon</c>). If the callback throws, the whole run is cancelled and ends with that error.
    /// </summary>
    /// <param name="callback">Synchronous code to run on the loop; it may use primitives that need no task (set an event, close a channel, cancel a scope).</param>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    public void RunSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Submit(new SoonWork(callback));
    }

    /// <summary>Runs <paramref name="callback"/> on the loop's thread, outside any task, and completes with its result or exception.</summary>
    /// <param name="callback">Synchronous code to run on the loop.</param>
    /// <returns>A task with the callback's result; faulted with <see cref="RunFinishedException"/> if the run finished first.</returns>
    /// <typeparam name="T">The callback's result.</typeparam>
    public Task<T> InvokeAsync<T>(Func<T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var work = new InvokeWork<T>(callback);
        return TrySubmit(work) ? work.Outcome : Task.FromException<T>(RunFinishedException.Create());
    }

    /// <summary>Runs <paramref name="callback"/> on the loop's thread, outside any task, and completes when it has run.</summary>
    /// <param name="callback">Synchronous code to run on the loop.</param>
    /// <returns>A task that completes after the callback, with its exception if it threw.</returns>
    public Task InvokeAsync(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return InvokeAsync(() =>
        {
            callback();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="callback"/> on the loop's thread and blocks this thread until it has run (Trio's
    /// <c>from_thread.run_sync</c>); for worker threads, never for the loop itself.
    /// </summary>
    /// <param name="callback">Synchronous code to run on the loop.</param>
    /// <returns>The callback's result.</returns>
    /// <typeparam name="T">The callback's result.</typeparam>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread, where it could never finish.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    public T Invoke<T>(Func<T> callback)
    {
        RefuseOnLoop("TrioToken.Invoke");
        return InvokeAsync(callback).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="callback"/> on the loop's thread and blocks this thread until it has run.</summary>
    /// <param name="callback">Synchronous code to run on the loop.</param>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread, where it could never finish.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    public void Invoke(Action callback)
    {
        RefuseOnLoop("TrioToken.Invoke");
        InvokeAsync(callback).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs <paramref name="function"/> as a task of the loop (a system task, in its own cancel scope) and completes with
    /// its result (Trio's <c>from_thread.run</c>, awaitable).
    /// </summary>
    /// <param name="function">The async work; it may use every TrioSharp API, nurseries included.</param>
    /// <param name="cancellationToken">Cancels only this work: its scope is cancelled on the loop, and the returned task ends cancelled.</param>
    /// <returns>
    /// A task with the function's result or exception. It is cancelled if <paramref name="cancellationToken"/> cut the
    /// work short, faulted with <see cref="Cancelled"/> if the run shut down under it, and with
    /// <see cref="RunFinishedException"/> if the run had finished (or main had exited) before it started.
    /// </returns>
    /// <typeparam name="T">The function's result.</typeparam>
    public Task<T> RunAsync<T>(Func<Task<T>> function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var work = new SystemTaskWork<T>(function, ThreadWorker.Current is { } worker && worker.Runner == _runner ? worker : null, cancellationToken);
        return TrySubmit(work) ? work.Outcome : Task.FromException<T>(RunFinishedException.Create());
    }

    /// <summary>Runs <paramref name="function"/> as a task of the loop and completes when it has.</summary>
    /// <param name="function">The async work.</param>
    /// <param name="cancellationToken">Cancels only this work.</param>
    /// <returns>A task that ends as <see cref="RunAsync{T}(Func{Task{T}}, CancellationToken)"/> describes.</returns>
    public Task RunAsync(Func<Task> function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        return RunAsync(
            async () =>
            {
                await function();
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="function"/> as a task of the loop and blocks this thread until it finishes (Trio's
    /// <c>from_thread.run</c>); for worker threads, never for the loop itself.
    /// </summary>
    /// <param name="function">The async work.</param>
    /// <returns>The function's result.</returns>
    /// <typeparam name="T">The function's result.</typeparam>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread, where it could never finish.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    /// <exception cref="Cancelled">The task that started this worker thread was cancelled, or the run shut down.</exception>
    public T Run<T>(Func<Task<T>> function)
    {
        RefuseOnLoop("TrioToken.Run");
        return RunAsync(function).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="function"/> as a task of the loop and blocks this thread until it finishes.</summary>
    /// <param name="function">The async work.</param>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread, where it could never finish.</exception>
    /// <exception cref="RunFinishedException">The run has finished.</exception>
    /// <exception cref="Cancelled">The task that started this worker thread was cancelled, or the run shut down.</exception>
    public void Run(Func<Task> function)
    {
        RefuseOnLoop("TrioToken.Run");
        RunAsync(function).GetAwaiter().GetResult();
    }

    private void Submit(IExternalWork work)
    {
        if (!TrySubmit(work))
        {
            throw RunFinishedException.Create();
        }
    }

    private bool TrySubmit(IExternalWork work) => _runner.PostExternal(work);

    private void RefuseOnLoop(string api)
    {
        if (_runner.IsLoopThread)
        {
            throw new InvalidOperationException(
                $"{api} blocks until the loop has run the work, so it cannot be called on the loop's own thread: await "
                + "the work directly, or use TrioToken.RunAsync / InvokeAsync.");
        }
    }
}
