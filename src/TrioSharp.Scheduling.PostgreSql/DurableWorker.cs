using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>
/// Runs jobs of a <see cref="DurableScheduler"/> on a TrioSharp loop: claims the best pending jobs while it has
/// free slots, runs each in its own cancel scope in a nursery, renews their leases by heartbeat, and wakes on
/// LISTEN/NOTIFY when work arrives or a running job is cancelled.
/// </summary>
/// <remarks>
/// <para>
/// Register a handler per job type with <see cref="Handle{TPayload}(string, Func{TPayload, CancellationToken, Task})"/>
/// (closures cannot be stored in a database, names can), then call <see cref="RunAsync"/> inside
/// <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/> on the real clock. Handlers run as TrioSharp tasks of
/// that loop: they may use <c>Trio.Sleep</c>, nurseries and so on, and their token is the job's scope token.
/// A worker only claims job types it has a handler for.
/// </para>
/// <para>
/// Concurrency is a <see cref="CapacityLimiter"/> of <see cref="DurableWorkerOptions.Concurrency"/> tokens. A
/// job's scope is cancelled when its cancel is requested (NOTIFY, or the next heartbeat), when its lease was
/// lost to another worker, and when a shutdown's grace period is over.
/// </para>
/// </remarks>
public sealed class DurableWorker
{
    private const string ReflectionJson =
        "Payloads and results are read and written with reflection-based System.Text.Json; under trimming or native AOT use HandleJson with source-generated serialization.";

    private readonly DurableScheduler _queue;
    private readonly Dictionary<string, Func<string, CancellationToken, Task<string?>>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, RunningJob> _running = [];
    private readonly ConcurrentQueue<NpgsqlNotificationEventArgs> _notifications = new();
    private readonly HashSet<long> _cancelNotices = [];
    private readonly TimeSpan _heartbeat;
    private readonly JobClaims _claims;
    private TrioEvent _wake = new();

    /// <summary>Creates a worker on <paramref name="queue"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range (a level limit for a level that does not exist or below one, concurrency below one, a non-positive lease, heartbeat or poll interval, a heartbeat not shorter than the lease, a negative grace).</exception>
    public DurableWorker(DurableScheduler queue, DurableWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        options ??= new DurableWorkerOptions();
        _heartbeat = options.HeartbeatInterval ?? options.Lease / 3;
        if (options.Concurrency < 1)
        {
            throw new ArgumentException($"DurableWorkerOptions.Concurrency must be at least 1; got {options.Concurrency}.", nameof(options));
        }

        if (options.Lease <= TimeSpan.Zero || _heartbeat <= TimeSpan.Zero || _heartbeat >= options.Lease)
        {
            throw new ArgumentException(
                $"DurableWorkerOptions: the lease ({options.Lease}) must be positive and the heartbeat ({_heartbeat}) positive and shorter than the lease.", nameof(options));
        }

        if (options.PollInterval <= TimeSpan.Zero || options.ShutdownGrace < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"DurableWorkerOptions: PollInterval must be positive (got {options.PollInterval}) and ShutdownGrace not negative (got {options.ShutdownGrace}).", nameof(options));
        }

        foreach (var (level, limit) in options.LevelLimits)
        {
            if (level < 1 || level > queue.Options.Levels || limit < 1)
            {
                throw new ArgumentException(
                    $"DurableWorkerOptions.LevelLimits[{level}] = {limit}: levels are 1 to {queue.Options.Levels} and a limit must be at least 1.", nameof(options));
            }
        }

        _queue = queue;
        Options = options;
        Name = options.Name ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
        _claims = new JobClaims(queue, Name, options.Lease, options.LevelRuns, options.LevelLimits);
    }

    /// <summary>The worker's settings.</summary>
    public DurableWorkerOptions Options { get; }

    /// <summary>The worker's name in the event log.</summary>
    public string Name { get; }

    /// <summary>How many jobs this worker is running now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Registers the handler of job type <paramref name="type"/>; its payload is read as <typeparamref name="TPayload"/> with System.Text.Json.</summary>
    /// <exception cref="ArgumentException">A handler for <paramref name="type"/> is already registered.</exception>
    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    public DurableWorker Handle<TPayload>(string type, Func<TPayload, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return HandleJson(type, async (json, token) =>
        {
            await handler(ReadPayload<TPayload>(type, json), token).ConfigureAwait(true);
            return null;
        });
    }

    /// <summary>Registers the handler of job type <paramref name="type"/>, whose result is stored as JSON (see <see cref="DurableJobInfo.ResultJson"/>).</summary>
    /// <exception cref="ArgumentException">A handler for <paramref name="type"/> is already registered.</exception>
    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    public DurableWorker Handle<TPayload, TResult>(string type, Func<TPayload, CancellationToken, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return HandleJson(type, async (json, token) =>
            JsonSerializer.Serialize(await handler(ReadPayload<TPayload>(type, json), token).ConfigureAwait(true)));
    }

    /// <summary>Registers the handler of job type <paramref name="type"/> on raw JSON: it gets the payload and returns the result (or null).</summary>
    /// <exception cref="ArgumentException">A handler for <paramref name="type"/> is already registered.</exception>
    public DurableWorker HandleJson(string type, Func<string, CancellationToken, Task<string?>> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(type, handler))
        {
            throw new ArgumentException($"A handler for job type '{type}' is already registered on this worker.", nameof(type));
        }

        return this;
    }

    /// <summary>
    /// Runs the worker until <paramref name="shutdown"/> is cancelled, then shuts down gracefully: it claims
    /// nothing more, lets running jobs finish for <see cref="DurableWorkerOptions.ShutdownGrace"/>, stops the
    /// rest (they go back to pending for the fleet) and returns once every job task has ended. Migrates the
    /// schema first. Call it inside <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>, once.
    /// </summary>
    /// <exception cref="InvalidOperationException">No handler is registered, or the call is not on a TrioSharp loop.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or failed; jobs this worker held go back to the fleet when their leases expire.</exception>
    /// <exception cref="Cancelled">The caller's scope was cancelled: jobs are abandoned as if the process died (their leases expire).</exception>
    public async Task RunAsync(CancellationToken shutdown = default)
    {
        if (_handlers.Count == 0)
        {
            throw new InvalidOperationException("DurableWorker.RunAsync: register at least one handler (Handle) before running the worker.");
        }

        var types = _handlers.Keys.ToArray();
        await _queue.MigrateAsync(Trio.CurrentCancellationToken).ConfigureAwait(true);
        var listener = await _queue.DataSource.OpenConnectionAsync(Trio.CurrentCancellationToken).ConfigureAwait(true);
        await using (listener.ConfigureAwait(true))
        {
            listener.Notification += (_, notice) => _notifications.Enqueue(notice);
            await using (var listen = new NpgsqlCommand($"listen {_queue.Schema.JobsChannel}; listen {_queue.Schema.CancelChannel}", listener))
            {
                await listen.ExecuteNonQueryAsync(Trio.CurrentCancellationToken).ConfigureAwait(true);
            }

            await _claims.WorkerEventAsync("worker_started", $"concurrency {Options.Concurrency}", Trio.CurrentCancellationToken).ConfigureAwait(true);
            var limiter = new CapacityLimiter(Options.Concurrency);
            Options.OnListening?.Invoke();
            await Nursery.RunAsync(async service =>
            {
                service.StartSoon(() => ListenAsync(listener), "worker.listen");
                service.StartSoon(HeartbeatAsync, "worker.heartbeat");
                var claiming = new CancelScope();
                service.StartSoon(() => WaitForShutdownAsync(claiming, shutdown), "worker.shutdown");
                await Nursery.RunAsync(async jobs =>
                {
                    await claiming.RunAsync(() => ClaimLoopAsync(jobs, limiter, types)).ConfigureAwait(true);
                    await StopRunningJobsAsync().ConfigureAwait(true);
                }).ConfigureAwait(true);
                service.CancelScope.Cancel();
            }).ConfigureAwait(true);
            await Shielded(() => _claims.WorkerEventAsync("worker_stopped", null, CancellationToken.None)).ConfigureAwait(true);
        }
    }

    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    private static TPayload ReadPayload<TPayload>(string type, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TPayload>(json)!;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The payload of a '{type}' job is not a {typeof(TPayload).Name}: {e.Message}", e);
        }
    }

    /// <summary>Runs a database write that must happen even while the job's or the worker's scope is cancelled (recording an outcome).</summary>
    private static Task Shielded(Func<Task> write) => new CancelScope(shield: true).RunAsync(write);

    /// <summary>Waits for the shutdown token (outside work: its callback posts back to the loop), then stops claiming.</summary>
    private async Task WaitForShutdownAsync(CancelScope claiming, CancellationToken shutdown)
    {
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (shutdown.Register(() => signalled.TrySetResult()).ConfigureAwait(true))
        await using (Trio.CurrentCancellationToken.Register(() => signalled.TrySetResult()).ConfigureAwait(true))
        {
            await signalled.Task.ConfigureAwait(true);
        }

        Trio.CheckpointIfCancelled();
        claiming.Cancel();
        Signal();
    }

    private async Task ClaimLoopAsync(Nursery jobs, CapacityLimiter limiter, string[] types)
    {
        var recoverAfter = TimeSpan.Zero;
        while (true)
        {
            // Taken before looking at the queue, so a wake-up that comes while we look is not lost.
            var wake = _wake;
            var slots = new List<object> { new() };
            await limiter.AcquireOnBehalfOfAsync(slots[0]).ConfigureAwait(true);
            for (var slot = new object(); limiter.TryAcquireOnBehalfOf(slot); slot = new object())
            {
                slots.Add(slot);
            }

            List<ClaimedJob> claimed = [];
            await Shielded(async () =>
            {
                if (Trio.CurrentTime >= recoverAfter)
                {
                    await _claims.RecoverExpiredAsync(CancellationToken.None).ConfigureAwait(true);
                    recoverAfter = Trio.CurrentTime + Options.PollInterval;
                }

                claimed = await _claims.ClaimAsync(slots.Count, types, CancellationToken.None).ConfigureAwait(true);
            }).ConfigureAwait(true);

            for (var i = 0; i < slots.Count; i++)
            {
                if (i < claimed.Count)
                {
                    var job = claimed[i];
                    var running = new RunningJob(job, slots[i]);
                    _running.Add(job.Id, running);
                    if (_cancelNotices.Contains(job.Id))
                    {
                        running.Stop(StopReason.CancelRequested);
                    }

                    jobs.StartSoon(() => RunJobAsync(running, limiter), job.Name ?? $"job {job.Id}");
                }
                else
                {
                    limiter.ReleaseOnBehalfOf(slots[i]);
                }
            }

            _cancelNotices.Clear();
            if (claimed.Count < slots.Count)
            {
                // Nothing more is due: sleep until a notification, a job's end, the next not-before time or the fallback poll.
                var wait = Options.PollInterval;
                var due = await _claims.NextDueInAsync(types, Trio.CurrentCancellationToken).ConfigureAwait(true);
                if (due is { } soon && soon < wait)
                {
                    wait = soon;
                }

                await Trio.MoveOnAfter(wait, async () => await wake.WaitAsync().ConfigureAwait(true)).ConfigureAwait(true);
            }
        }
    }

    private async Task RunJobAsync(RunningJob running, CapacityLimiter limiter)
    {
        var job = running.Job;
        string? result = null;
        Exception? error = null;
        try
        {
            var handler = _handlers[job.Type];
            await running.Scope.RunAsync(async () => result = await handler(job.PayloadJson, Trio.CurrentCancellationToken).ConfigureAwait(true)).ConfigureAwait(true);
        }
#pragma warning disable CA1031 // A failing handler fails its job's attempt, never the worker or its other jobs.
        catch (Exception e) when (e is not Cancelled)
#pragma warning restore CA1031
        {
            error = e;
        }
        finally
        {
            _running.Remove(job.Id);
            limiter.ReleaseOnBehalfOf(running.Slot);
            Signal();
        }

        await Shielded(() => (running.Scope.CancelledCaught, running.Reason, error) switch
        {
            (true, StopReason.CancelRequested, _) => _claims.CancelledAsync(job, CancellationToken.None),
            (true, StopReason.Shutdown, _) => _claims.RequeueAsync(job, CancellationToken.None),
            (true, _, _) => Task.CompletedTask, // The lease was lost: the attempt that replaced this one owns the job now.
            (false, _, { } failure) => _claims.FailedAsync(job, $"{failure.GetType().Name}: {failure.Message}", CancellationToken.None),
            _ => _claims.CompleteAsync(job, result, CancellationToken.None),
        }).ConfigureAwait(true);
    }

    /// <summary>Receives notifications on the listening connection and acts on them on the loop.</summary>
    private async Task ListenAsync(NpgsqlConnection listener)
    {
        while (true)
        {
            await listener.WaitAsync(Trio.CurrentCancellationToken).ConfigureAwait(true);
            while (_notifications.TryDequeue(out var notice))
            {
                if (notice.Channel == _queue.Schema.CancelChannel && long.TryParse(notice.Payload, CultureInfo.InvariantCulture, out var id))
                {
                    if (_running.TryGetValue(id, out var running))
                    {
                        running.Stop(StopReason.CancelRequested);
                    }
                    else
                    {
                        // Perhaps a claim of ours whose result has not reached the loop yet: the claim loop checks this set.
                        _cancelNotices.Add(id);
                    }
                }
                else
                {
                    Signal();
                }
            }
        }
    }

    /// <summary>Renews the leases of running jobs; stops jobs whose cancel was requested or whose lease was lost.</summary>
    private async Task HeartbeatAsync()
    {
        while (true)
        {
            await Trio.Sleep(_heartbeat).ConfigureAwait(true);
            if (_running.Count == 0)
            {
                continue;
            }

            var ids = _running.Keys.ToArray();
            var (held, cancelling) = await _claims.RenewAsync(ids, Trio.CurrentCancellationToken).ConfigureAwait(true);
            foreach (var id in ids)
            {
                if (!_running.TryGetValue(id, out var running))
                {
                    continue;
                }

                if (cancelling.Contains(id))
                {
                    running.Stop(StopReason.CancelRequested);
                }
                else if (!held.Contains(id))
                {
                    running.Stop(StopReason.LeaseLost);
                }
            }
        }
    }

    /// <summary>The shutdown's grace period: running jobs may finish; then the rest are stopped and go back to pending.</summary>
    private async Task StopRunningJobsAsync()
    {
        await Trio.MoveOnAfter(Options.ShutdownGrace, async () =>
        {
            while (_running.Count > 0)
            {
                var wake = _wake;
                await wake.WaitAsync().ConfigureAwait(true);
            }
        }).ConfigureAwait(true);
        foreach (var running in _running.Values)
        {
            running.Stop(StopReason.Shutdown);
        }
    }

    /// <summary>Wakes whoever waits for a change (a notification, a job's end, a shutdown) and arms the next wake-up.</summary>
    private void Signal()
    {
        var wake = _wake;
        _wake = new TrioEvent();
        wake.Set();
    }

    private enum StopReason
    {
        None,
        CancelRequested,
        LeaseLost,
        Shutdown,
    }

    /// <summary>A job this worker runs: its claim, its scope, the limiter token it holds and why it was stopped.</summary>
    private sealed class RunningJob(ClaimedJob job, object slot)
    {
        public ClaimedJob Job { get; } = job;

        public object Slot { get; } = slot;

        public CancelScope Scope { get; } = new();

        public StopReason Reason { get; private set; }

        public void Stop(StopReason reason)
        {
            if (Reason == StopReason.None)
            {
                Reason = reason;
                Scope.Cancel();
            }
        }
    }
}
