namespace TrioSharp.Scheduling;

/// <summary>How a <see cref="PriorityScheduler"/> orders and limits its work; read once, when the scheduler is created.</summary>
public sealed class SchedulerOptions
{
    /// <summary>How many priority levels there are; 1 is the highest, <see cref="Levels"/> the lowest. Default 5.</summary>
    public int Levels { get; set; } = 5;

    /// <summary>How many tasks may run at once across all levels, or null for no limit (the default).</summary>
    /// <remarks>With a limit, a freed slot always goes to the highest-priority pending task, FIFO within a level.</remarks>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// Per-level caps: level → how many tasks of that level may run at once. Levels not listed are unlimited.
    /// A capped level does not block the levels below it: a freed global slot goes to the best task whose level
    /// has room.
    /// </summary>
    public IDictionary<int, int> LevelLimits { get; } = new Dictionary<int, int>();

    /// <summary>
    /// Optional aging: a pending task's effective level improves by one for every <see cref="Aging"/> it has
    /// waited (never above level 1), so low levels are not starved. Null (the default) keeps priority strict.
    /// </summary>
    /// <remarks>
    /// Aging decides which pending task gets a free slot; it only matters when tasks compete for
    /// <see cref="MaxConcurrency"/> or a level limit. It does not change a task's <see cref="ScheduledTaskInfo.Priority"/>.
    /// </remarks>
    public TimeSpan? Aging { get; set; }

    /// <summary>The grace period <see cref="PriorityScheduler.ShutdownAsync(TimeSpan?)"/> uses when given none. Default 0.1 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(0.1);

    /// <summary>
    /// Whether ended tasks and past events are kept (the default) for <see cref="PriorityScheduler.Log"/>,
    /// <see cref="PriorityScheduler.GetTasks(ScheduledTaskStatus?)"/> and the timeline. Turn it off for a
    /// long-running serving scheduler: ended tasks are then forgotten and events only reach live watchers.
    /// </summary>
    public bool KeepHistory { get; set; } = true;
}
