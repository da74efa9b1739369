namespace TrioSharp.Scheduling;

/// <summary>What <see cref="PriorityScheduler.CancelTask(int)"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>The task was pending: it was taken out of its queue and is now <see cref="ScheduledTaskStatus.Cancelled"/>.</summary>
    Removed,

    /// <summary>
    /// The task was running: its cancel scope was cancelled. It ends when its work reaches a checkpoint and
    /// unwinds, normally <see cref="ScheduledTaskStatus.Cancelled"/>.
    /// </summary>
    StopRequested,
}
