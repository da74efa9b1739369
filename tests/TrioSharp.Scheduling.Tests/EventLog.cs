using System.Globalization;

namespace TrioSharp.Scheduling.Tests;

/// <summary>Renders a scheduler's log with exact times, one short line per event: "1.5 Task 2 started", "3 Level 2 finished".</summary>
internal static class EventLog
{
    public static string[] Of(PriorityScheduler scheduler) => [.. scheduler.Log.Select(Line)];

    public static string Line(SchedulerEvent e)
    {
        var time = e.Time.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        return e.Kind switch
        {
            SchedulerEventKind.LevelStarted => $"{time} Level {e.Level} starting",
            SchedulerEventKind.LevelFinished => $"{time} Level {e.Level} finished",
            SchedulerEventKind.ShutdownStarted or SchedulerEventKind.ShutdownFinished => $"{time} {e.Action}",
            _ => $"{time} Task {e.TaskId} {e.Action}",
        };
    }
}
