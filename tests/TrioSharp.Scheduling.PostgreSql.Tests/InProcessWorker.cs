namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>A <see cref="DurableWorker"/> running on its own TrioSharp loop on a thread of the test process.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private Task _run = Task.CompletedTask;

    private InProcessWorker()
    {
    }

    /// <summary>Starts a worker with the handlers <paramref name="register"/> adds and waits until it listens.</summary>
    public static async Task<InProcessWorker> StartAsync(DurableScheduler scheduler, Action<DurableWorker> register, DurableWorkerOptions? options = null)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = new DurableWorker(scheduler, (options ?? new DurableWorkerOptions()) with { OnListening = () => listening.TrySetResult() });
        register(worker);
        var running = new InProcessWorker();
        running._run = Task.Factory.StartNew(() => Trio.Run(() => worker.RunAsync(running._shutdown.Token)), TaskCreationOptions.LongRunning);
        if (await Task.WhenAny(listening.Task, running._run) == running._run)
        {
            await running._run;
        }

        return running;
    }

    /// <summary>Requests a graceful shutdown and waits until the worker's loop has returned.</summary>
    public async Task StopAsync()
    {
        await _shutdown.CancelAsync();
        await _run.WaitAsync(Eventually.Bound);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _shutdown.Dispose();
    }
}
