namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>Settings of one <see cref="DurableWorker"/>.</summary>
public sealed record DurableWorkerOptions
{
    /// <summary>The worker's name in the event log and in <see cref="DurableJobInfo.Worker"/>; unique per process. Host name and process id when null.</summary>
    public string? Name { get; init; }

    /// <summary>How many jobs this worker runs at once (a <see cref="CapacityLimiter"/>).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// How long a claim holds without a heartbeat. A worker that dies loses its jobs to the fleet this long after its
    /// last heartbeat; shorter means faster recovery and more heartbeat writes.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed; a third of <see cref="Lease"/> when null.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>
    /// The fallback poll: how long an idle worker waits without a notification before it looks again (and
    /// recovers jobs of dead workers). Work added by <see cref="DurableScheduler.AddAsync(string, string, int, string?, DateTimeOffset?, int?, CancellationToken)"/>
    /// wakes workers at once by NOTIFY; this only bounds the delay if a notification is lost.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Levels run as <see cref="PriorityScheduler.RunAsync"/> runs them (the seed's semantics), fleet-wide: a job
    /// starts only while no job of a higher level is pending (and due) or running. Off: a free slot takes the
    /// best pending job whatever runs. Every worker of a queue must use the same setting.
    /// </summary>
    public bool LevelRuns { get; init; }

    /// <summary>
    /// Fleet-wide limits per level (level to limit): at most that many jobs of the level run at once across every
    /// worker. A full level does not hold back the levels below it. Claims then take a fleet-wide advisory lock
    /// (one claim at a time), so leave it empty unless you need it. Every worker of a queue must agree.
    /// </summary>
    public IReadOnlyDictionary<int, int> LevelLimits { get; init; } = new Dictionary<int, int>();

    /// <summary>Called on the worker's loop once it listens for notifications and is about to claim (a readiness signal for supervisors and tests).</summary>
    public Action? OnListening { get; init; }

    /// <summary>How long a shutdown lets running jobs finish before it stops them (they go back to pending for the fleet).</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);
}
