namespace TrioSharp.Scheduling;

/// <summary>What a <see cref="SchedulerEvent"/> records.</summary>
public enum SchedulerEventKind
{
    /// <summary>A task was queued (<c>added</c>).</summary>
    Added,

    /// <summary>A task took its first step (<c>started</c>).</summary>
    Started,

    /// <summary>A task's work returned (<c>completed</c>).</summary>
    Completed,

    /// <summary>A task's work threw (<c>failed</c>).</summary>
    Failed,

    /// <summary>A pending task was cancelled and taken out of its queue (<c>removed</c>).</summary>
    Removed,

    /// <summary>A running task's cancel scope was cancelled (<c>stopped</c>); it ends later.</summary>
    Stopped,

    /// <summary>A running task ended because it was cancelled (<c>cancelled</c>).</summary>
    Cancelled,

    /// <summary>A pending task moved to another level (<c>rescheduled</c>).</summary>
    Rescheduled,

    /// <summary>A task that never started was cancelled by shutdown (<c>cancelled_pending</c>).</summary>
    CancelledPending,

    /// <summary><c>Starting Priority Level N</c>.</summary>
    LevelStarted,

    /// <summary><c>Finished Priority Level N</c>: every task started in the level has ended.</summary>
    LevelFinished,

    /// <summary><c>Starting Shutdown</c>.</summary>
    ShutdownStarted,

    /// <summary><c>Finished Shutdown</c>: the grace period is over and nothing is pending.</summary>
    ShutdownFinished,
}
