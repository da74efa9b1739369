using TrioSharp.LowLevel;

namespace TrioSharp.Scheduling;

/// <summary>The scheduler's record of one task; also its node in its level's FIFO queue.</summary>
internal sealed class ScheduledEntry
{
    private readonly Func<Task> _work;
    private readonly Func<Task, object?>? _readResult;
    private string? _name;

    internal ScheduledEntry(int id, string? name, Func<Task> work, Func<Task, object?>? readResult, int priority, TimeSpan addedAt)
    {
        Id = id;
        _name = name;
        _work = work;
        _readResult = readResult;
        Priority = priority;
        AddedAt = addedAt;
    }

    internal int Id { get; }

    /// <summary>The given name, or <c>Task{id}</c>, made on first use so unnamed tasks that nobody names cost no string.</summary>
    internal string Name => _name ??= $"Task{Id}";

    internal int Priority { get; set; }

    internal ScheduledTaskStatus Status { get; set; }

    internal TimeSpan AddedAt { get; }

    /// <summary>When the task last entered a queue; aging counts from here.</summary>
    internal TimeSpan EnqueuedAt { get; set; }

    /// <summary>Order of entering a queue, across levels; breaks ties between equally aged heads.</summary>
    internal long Sequence { get; set; }

    internal TimeSpan? StartedAt { get; set; }

    internal TimeSpan? EndedAt { get; set; }

    internal object? Result { get; private set; }

    internal Exception? Error { get; set; }

    /// <summary>The scope the work runs in; created when the task is started, so it can be cancelled before its first step.</summary>
    internal CancelScope? Scope { get; set; }

    /// <summary>Where callers of WaitForResultAsync wait; created by the first of them.</summary>
    internal ParkingLot? Completion { get; set; }

    /// <summary>The entry's node in its level's queue while it waits there.</summary>
    internal LinkedListNode<ScheduledEntry>? QueueNode { get; set; }

    internal bool HasEnded => Status is ScheduledTaskStatus.Completed or ScheduledTaskStatus.Cancelled or ScheduledTaskStatus.Failed;

    /// <summary>Runs the work and keeps what it returned; shaped as a cancel scope body.</summary>
    internal async Task InvokeAsync(CancelScope scope)
    {
        var work = _work();
        await work;
        Result = _readResult?.Invoke(work);
    }

    internal ScheduledTaskInfo ToInfo() => new(Id, Name, Priority, Status, AddedAt, StartedAt, EndedAt, Result, Error);

    public override string ToString() => $"Task {Id} ('{Name}')";
}
