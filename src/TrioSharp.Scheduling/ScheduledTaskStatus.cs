namespace TrioSharp.Scheduling;

/// <summary>Where a scheduled task is in its life; it ends in exactly one of the last three.</summary>
public enum ScheduledTaskStatus
{
    /// <summary>Queued at its level, not started yet.</summary>
    Pending,

    /// <summary>Started: its work runs, or is about to take its first step.</summary>
    Running,

    /// <summary>
    /// Running, and a cancellation was requested (<see cref="PriorityScheduler.CancelTask(int)"/> or a shutdown):
    /// its cancel scope is cancelled and it is unwinding; it ends <see cref="Cancelled"/>, or
    /// <see cref="Completed"/> if its work returned before its next checkpoint.
    /// </summary>
    Cancelling,

    /// <summary>Its work returned (even if a cancellation was requested too late to stop it).</summary>
    Completed,

    /// <summary>Removed before it started, or stopped by a cancellation while it ran.</summary>
    Cancelled,

    /// <summary>Its work threw; the exception is kept in <see cref="ScheduledTaskInfo.Error"/>.</summary>
    Failed,
}
