using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Hosting;

/// <summary>
/// The host's shared TrioSharp loop, registered by <see cref="TrioServiceCollectionExtensions.AddTrio"/> as a singleton and
/// a hosted service: request handlers and other services submit work to it with <see cref="RunAsync{T}"/>, so
/// singletons built on TrioSharp primitives (a <see cref="CapacityLimiter"/>, a client holding one) serve every caller.
/// </summary>
/// <remarks>
/// <para>
/// The loop runs with <see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/>: it holds no thread while idle. Its main
/// task lives from the host's start until its stop. Each submission runs as a system task of the loop in its own
/// cancel scope: the caller's token cancels only that work, and its error goes to that caller only.
/// </para>
/// <para>
/// When the host stops, work still running may finish within <see cref="TrioHostOptions.GracePeriod"/>; then (or as
/// soon as none is left) main exits, which cancels what is left, and the stop waits for the run to end. If the host's
/// shutdown time-out runs out first, the stop ends the grace period at once and returns while the loop finishes
/// cancelling. Work submitted after main exited fails with <see cref="RunFinishedException"/>.
/// </para>
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The Stopping source has no timer and no linked token, so it holds nothing to release; the loop may "
        + "cancel it after the container has disposed its services (when the host's shutdown time-out ran out first).")]
public sealed class TrioLoop : IHostedService
{
    private readonly TaskCompletionSource<TrioToken> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stoppingSource = new();
    private readonly TrioHostOptions _options;
    private readonly ILogger _logger;
    private Task? _run;
    private volatile bool _stopCalled;

    // Loop state, touched only on the loop.
    private TrioEvent? _stopRequested;
    private TrioEvent? _drained;
    private CancelScope? _grace;
    private int _inFlight;
    private bool _stopping;
    private bool _hurry;

    /// <summary>Creates the loop; the host starts it.</summary>
    /// <param name="options">The clock, scheduling policy and grace period.</param>
    /// <param name="logger">Where the loop reports a failed background service, an unclean stop or a failed run.</param>
    public TrioLoop(TrioHostOptions options, ILogger<TrioLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Fires when the host starts stopping the loop: the grace period has begun. Work that can wrap up early (flush,
    /// answer with what it has) may watch it; its callbacks run on a thread-pool thread, not on the loop.
    /// </summary>
    public CancellationToken Stopping => _stoppingSource.Token;

    /// <summary>
    /// Runs <paramref name="function"/> as a task of the shared loop, in its own cancel scope, and completes with its
    /// result. Called before the host has started the loop, it waits for the start.
    /// </summary>
    /// <param name="function">The async work; it runs on the loop and may use every TrioSharp API and the host's TrioSharp singletons.</param>
    /// <param name="cancellationToken">Cancels only this work (e.g. <c>HttpContext.RequestAborted</c>).</param>
    /// <returns>
    /// A task with the function's result or exception (an error never affects the loop or other work). It is cancelled
    /// if <paramref name="cancellationToken"/> cut the work short, faulted with <see cref="Cancelled"/> if the host's
    /// shutdown cancelled it after the grace period, and with <see cref="RunFinishedException"/> if the loop had
    /// already stopped.
    /// </returns>
    /// <typeparam name="T">The function's result.</typeparam>
    public Task<T> RunAsync<T>(Func<Task<T>> function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        return _started.Task.IsCompletedSuccessfully
            ? Submit(_started.Task.Result, function, cancellationToken)
            : SubmitOnceStarted(function, cancellationToken);
    }

    /// <summary>Runs <paramref name="function"/> as a task of the shared loop and completes when it has.</summary>
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

    /// <inheritdoc/>
    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The TrioSharp loop was started twice; register it once, with services.AddTrio().");
        }

        _run = Trio.RunAsync(MainAsync, new TrioRunOptions { Clock = _options.Clock, Scheduling = _options.Scheduling });
        _ = _run.ContinueWith(
            static (run, state) => ((TrioLoop)state!).OnRunEnded(run),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        if (_run is null)
        {
            return;
        }

        _stopCalled = true;
        if (!_started.Task.IsCompletedSuccessfully)
        {
            return;
        }

        Post(() => _stopRequested!.Set());
        await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_run.IsCompleted)
        {
            // The host's own shutdown time-out ran out first: end the grace period now, so the loop cancels what is left
            // and ends on its own; the host does not wait any longer.
            Post(Hurry);
            HostingLog.LoopDidNotStop(_logger);
        }
    }

    /// <summary>Logs the failure of a background service (it does not stop the loop or the host).</summary>
    internal void ReportServiceFailure(TrioBackgroundService service, Exception error) =>
        HostingLog.BackgroundServiceFailed(_logger, service.GetType().FullName ?? service.GetType().Name, error);

    private async Task<T> SubmitOnceStarted<T>(Func<Task<T>> function, CancellationToken cancellationToken)
    {
        var token = await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Submit(token, function, cancellationToken).ConfigureAwait(false);
    }

    private Task<T> Submit<T>(TrioToken token, Func<Task<T>> function, CancellationToken cancellationToken) =>
        token.RunAsync(() => Track(function), cancellationToken);

    // Runs on the loop: counts the work in flight, so the grace period ends as soon as none is left.
    private async Task<T> Track<T>(Func<Task<T>> function)
    {
        _inFlight++;
        try
        {
            return await function();
        }
        finally
        {
            _inFlight--;
            if (_inFlight == 0 && _stopping)
            {
                _drained?.Set();
            }
        }
    }

    private async Task MainAsync()
    {
        _stopRequested = new TrioEvent();
        _started.TrySetResult(Trio.CurrentToken);
        await _stopRequested.WaitAsync();

        _stopping = true;
        _grace = CancelScope.WithTimeout(_options.GracePeriod);
        if (_hurry)
        {
            _grace.Cancel();
        }

        await _grace.RunAsync(async () =>
        {
            // Fired inside the grace scope, so its deadline is set before anyone watching the token acts; its callbacks
            // run on the pool, so a slow one cannot hold up the loop.
            _ = _stoppingSource.CancelAsync();
            if (_inFlight > 0)
            {
                _drained = new TrioEvent();
                await _drained.WaitAsync();
            }
        });

        if (_inFlight > 0)
        {
            HostingLog.GracePeriodEnded(_logger, _inFlight);
        }

        // Returning cancels the system scope: work still running gets Cancelled, and the run ends once it has unwound.
    }

    private void Hurry()
    {
        _hurry = true;
        _grace?.Cancel();
    }

    private void Post(Action callback)
    {
        try
        {
            _started.Task.Result.RunSoon(callback);
        }
        catch (RunFinishedException)
        {
            // The run has ended already: there is nothing left to stop.
        }
    }

    private void OnRunEnded(Task run)
    {
        if (run.Exception is { } failure)
        {
            HostingLog.LoopFailed(_logger, failure.InnerException ?? failure);
            _started.TrySetException(failure.InnerExceptions);
        }
        else
        {
            if (!_stopCalled)
            {
                HostingLog.LoopEndedEarly(_logger);
            }

            _started.TrySetException(new RunFinishedException());
        }
    }
}
