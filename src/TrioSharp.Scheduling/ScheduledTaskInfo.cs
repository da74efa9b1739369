namespace TrioSharp.Scheduling;

/// <summary>A snapshot of one scheduled task, as <see cref="PriorityScheduler.GetTask(int)"/> saw it.</summary>
/// <param name="Id">The task's id; ids count from 1 in the order tasks were added.</param>
/// <param name="Name">The name given when it was added.</param>
/// <param name="Priority">Its level now (1 is the highest).</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="AddedAt">When it was added, on the scheduler's clock.</param>
/// <param name="StartedAt">When it took its first step, or null if it has not.</param>
/// <param name="EndedAt">When it ended, or null while pending or running.</param>
/// <param name="Result">What its work returned (null for work without a result, or until it completes).</param>
/// <param name="Error">The exception of a failed task, else null.</param>
public sealed record ScheduledTaskInfo(
    int Id,
    string Name,
    int Priority,
    ScheduledTaskStatus Status,
    TimeSpan AddedAt,
    TimeSpan? StartedAt,
    TimeSpan? EndedAt,
    object? Result,
    Exception? Error);
