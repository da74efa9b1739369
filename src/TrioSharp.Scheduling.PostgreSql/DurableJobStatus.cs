namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>Where a durable job is in its life; it ends in exactly one of the last three.</summary>
public enum DurableJobStatus
{
    /// <summary>Waiting for a worker (also after a retry, or after a worker's shutdown put it back).</summary>
    Pending,

    /// <summary>Claimed by a worker, which holds a lease on it and renews it by heartbeat.</summary>
    Running,

    /// <summary>Running, and a cancel was requested: the worker is told and stops it; it ends <see cref="Cancelled"/> (or <see cref="Completed"/> if its handler returned first).</summary>
    Cancelling,

    /// <summary>Its handler returned; the result, if any, is in <see cref="DurableJobInfo.ResultJson"/>.</summary>
    Completed,

    /// <summary>Every attempt failed (the handler threw, or its worker died and the lease expired); the reasons are in <see cref="DurableJobInfo.Errors"/>.</summary>
    Failed,

    /// <summary>Removed before it started, or stopped while it ran.</summary>
    Cancelled,
}
