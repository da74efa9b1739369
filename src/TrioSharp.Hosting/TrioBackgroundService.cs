using Microsoft.Extensions.Hosting;

namespace TrioSharp.Hosting;

/// <summary>
/// A long-running service whose <see cref="ExecuteAsync"/> runs as a task of the host's shared <see cref="TrioLoop"/>, in
/// its own nursery and cancel scope, from the host's start until its stop (TrioSharp's counterpart of
/// <see cref="BackgroundService"/>).
/// </summary>
/// <remarks>
/// Register it after <c>services.AddTrio()</c> with <c>services.AddHostedService&lt;MyService&gt;()</c>, so the host
/// stops it before the loop. Stopping cancels the service's scope: every task in its nursery gets
/// <see cref="Cancelled"/> at its next checkpoint, and the stop waits for them to unwind (or for the host's shutdown
/// time-out). A failure is logged and kept in <see cref="ExecuteTask"/>; it does not stop the loop, the other services or
/// the host.
/// </remarks>
public abstract class TrioBackgroundService : IHostedService, IDisposable
{
    private readonly TrioLoop _loop;
    private CancellationTokenSource? _stopping;

    /// <summary>Creates the service on the host's shared loop.</summary>
    /// <param name="loop">The loop registered by <c>services.AddTrio()</c>.</param>
    protected TrioBackgroundService(TrioLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        _loop = loop;
    }

    /// <summary>The running service: completes when <see cref="ExecuteAsync"/> has returned or been stopped, faulted if it failed; null before the start.</summary>
    public Task? ExecuteTask { get; private set; }

    /// <summary>Starts <see cref="ExecuteAsync"/> on the loop and returns at once.</summary>
    /// <param name="cancellationToken">The host's start-up token (not used: the service runs until it is stopped).</param>
    /// <returns>A completed task.</returns>
    public virtual Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        ExecuteTask = ExecuteOnLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Cancels the service's scope and waits until its tasks have unwound, or until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">The host's shutdown time-out.</param>
    /// <returns>A task that never faults (a failure was logged when it happened).</returns>
    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        if (ExecuteTask is null)
        {
            return;
        }

        await _stopping!.CancelAsync().ConfigureAwait(false);
        await ExecuteTask.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the stop signal.</summary>
    /// <param name="disposing">Whether this is <see cref="Dispose()"/> rather than a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping?.Cancel();
            _stopping?.Dispose();
        }
    }

    /// <summary>
    /// The service's work, run on the loop as the body of its own nursery: start long-running children with
    /// <see cref="Nursery.StartSoon"/>. The host's stop cancels the nursery's scope.
    /// </summary>
    /// <param name="nursery">The service's nursery; it closes when this method and every child have returned.</param>
    /// <returns>A task that completes when the service's body has returned.</returns>
    protected abstract Task ExecuteAsync(Nursery nursery);

    private async Task ExecuteOnLoopAsync(CancellationToken stopping)
    {
        try
        {
            await _loop.RunAsync(() => Nursery.RunAsync(ExecuteAsync), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (stopping.IsCancellationRequested || e is Cancelled)
        {
            // Stopped: by the host (its token), or by the loop's own shutdown.
        }
        catch (Exception e)
        {
            _loop.ReportServiceFailure(this, e);
            throw;
        }
    }
}
