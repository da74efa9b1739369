namespace TrioSharp.Scheduling;

/// <summary>Where a scheduled task is in its life; it ends in exactly one of the last three.</summary>
public enum ScheduledTaskStatus
{
    /// <summary>Queued at its level, not started yet.</summary>
    Pending,

    /// <summary>Started: its work runs, or is about to take its first step.</summary>
    Running,

    /// <summary>Its work returned (even if a cancellation was requested too late to stop it).</summary>
    Completed,

    /// <summary>Removed before it started, or stopped by a cancellation while it ran.</summary>
    Cancelled,

    /// <summary>Its work threw; the exception is kept in <see cref="ScheduledTaskInfo.Error"/>.</summary>
    Failed,
}
