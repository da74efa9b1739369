using System.Globalization;

namespace TrioSharp.Scheduling;

/// <summary>One timed entry of a scheduler's log, as it happened.</summary>
/// <param name="Time">When it happened, on the loop's clock, measured from the scheduler's creation.</param>
/// <param name="Kind">What happened.</param>
/// <param name="TaskId">The task it concerns, or null for level and shutdown events.</param>
/// <param name="Level">The level concerned: the task's level at that moment, the level started or finished, or null for shutdown events.</param>
/// <param name="TaskName">The task's name, or null for level and shutdown events.</param>
/// <param name="Error">The exception of a <see cref="SchedulerEventKind.Failed"/> task, else null.</param>
public sealed record SchedulerEvent(TimeSpan Time, SchedulerEventKind Kind, int? TaskId, int? Level, string? TaskName, Exception? Error)
{
    /// <summary>The action as the seed's log writes it: <c>added</c>, <c>Starting Priority Level</c>, <c>cancelled_pending</c>, ...</summary>
    public string Action => Kind switch
    {
        SchedulerEventKind.Added => "added",
        SchedulerEventKind.Started => "started",
        SchedulerEventKind.Completed => "completed",
        SchedulerEventKind.Failed => "failed",
        SchedulerEventKind.Removed => "removed",
        SchedulerEventKind.Stopped => "stopped",
        SchedulerEventKind.Cancelled => "cancelled",
        SchedulerEventKind.Rescheduled => "rescheduled",
        SchedulerEventKind.CancelledPending => "cancelled_pending",
        SchedulerEventKind.LevelStarted => "Starting Priority Level",
        SchedulerEventKind.LevelFinished => "Finished Priority Level",
        SchedulerEventKind.ShutdownStarted => "Starting Shutdown",
        _ => "Finished Shutdown",
    };

    /// <summary>The line <see cref="PriorityScheduler.PrintStatistics(TextWriter?, bool)"/> prints for this event, in the seed's format.</summary>
    /// <returns>The event as one line of text.</returns>
    public override string ToString()
    {
        var seconds = Time.TotalSeconds;
        return Kind switch
        {
            SchedulerEventKind.LevelStarted or SchedulerEventKind.LevelFinished =>
                string.Create(CultureInfo.InvariantCulture, $"Time: {seconds:F1}s - {Action} {Level}"),
            SchedulerEventKind.ShutdownStarted or SchedulerEventKind.ShutdownFinished =>
                string.Create(CultureInfo.InvariantCulture, $"Time: {seconds:F1}s - {Action}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"Time: {seconds:F1}s - Action: Task {TaskId} {Action}"),
        };
    }
}
