namespace TrioSharp.Scheduling;

/// <summary>Where a scheduled task is in its life; it ends in exactly one of Completed, Cancelled and Failed.</summary>
/// <remarks>The values are fixed (Cancelling came later, as 5), so code compiled against an earlier version reads the same statuses.</remarks>
public enum ScheduledTaskStatus
{
    /// <summary>Queued at its level, not started yet.</summary>
    Pending = 0,

    /// <summary>Started: its work runs, or is about to take its first step.</summary>
    Running = 1,

    /// <summary>
    /// Running, and a cancellation was requested (<see cref="PriorityScheduler.CancelTask(int)"/> or a shutdown):
    /// its cancel scope is cancelled and it is unwinding; it ends <see cref="Cancelled"/>, or
    /// <see cref="Completed"/> if its work returned before its next checkpoint.
    /// </summary>
    Cancelling = 5,

    /// <summary>Its work returned (even if a cancellation was requested too late to stop it).</summary>
    Completed = 2,

    /// <summary>Removed before it started, or stopped by a cancellation while it ran.</summary>
    Cancelled = 3,

    /// <summary>Its work threw; the exception is kept in <see cref="ScheduledTaskInfo.Error"/>.</summary>
    Failed = 4,
}
