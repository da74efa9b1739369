namespace TrioSharp.LowLevel;

/// <summary>
/// A read-only view of one task of a run (Trio's <c>trio.lowlevel.Task</c>): its name, where it sits in the task
/// tree, and what it waits for.
/// </summary>
/// <remarks>
/// A value that stands for its task: two views of the same task are equal (<c>==</c>, <see cref="Equals(TaskInfo)"/>),
/// so views can be compared and used as keys, and handing one out allocates nothing (an instrument receives one per
/// event). The tree properties are read live: read them on the loop's thread. A view of an exited task keeps its
/// name, id and parent. <c>default(TaskInfo)</c> stands for no task: its members throw
/// <see cref="InvalidOperationException"/>.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{_task}")]
public readonly struct TaskInfo : IEquatable<TaskInfo>
{
    private readonly TrioTask? _task;

    internal TaskInfo(TrioTask task) => _task = task;

    /// <summary>The name given at spawn, or the spawned method's name (main is <c>main</c>).</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public string Name => Task.Name;

    /// <summary>A number unique within the run, in spawn order (main is 1).</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public int Id => Task.Id;

    /// <summary>The task that started this one through a nursery, or null for main and system tasks.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public TaskInfo? Parent => Task.ParentTask is { } parent ? new TaskInfo(parent) : null;

    /// <summary>The nursery this task is a child of (Trio's <c>parent_nursery</c>), or null for main, system tasks
    /// and a task started with <see cref="Nursery.StartAsync(Func{StartStatus, Task}, string?)"/> that has not yet
    /// called Started().</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public Nursery? ParentNursery => Task.ParentNursery;

    /// <summary>A snapshot of the nurseries open in this task, outermost first (Trio's <c>child_nurseries</c>).</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public IReadOnlyList<Nursery> ChildNurseries => Task.OpenNurseries();

    /// <summary>A snapshot of the running children of every nursery open in this task, nursery by nursery, oldest first.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public IReadOnlyList<TaskInfo> Children =>
        [.. Task.OpenNurseries().SelectMany(static nursery => nursery.Children).Select(static child => new TaskInfo(child))];

    /// <summary>Whether the task has exited.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public bool HasExited => Task.HasExited;

    /// <summary>What the task is blocked on, as a deadlock report says it (or the worker thread it waits for), or null while it is runnable or running.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(TaskInfo)</c>.</exception>
    public string? WaitingFor => Task.Waiting is WaitKind.Blocked or WaitKind.Outside ? Task.WaitDescription : null;

    private TrioTask Task => _task ?? throw new InvalidOperationException(
        "default(TaskInfo) stands for no task; take a TaskInfo from TrioLowLevel.CurrentTask, a nursery or an instrument.");

    /// <summary>Whether two views stand for the same task.</summary>
    /// <param name="left">A view.</param>
    /// <param name="right">Another view.</param>
    /// <returns>True if both stand for the same task (or both for none).</returns>
    public static bool operator ==(TaskInfo left, TaskInfo right) => left.Equals(right);

    /// <summary>Whether two views stand for different tasks.</summary>
    /// <param name="left">A view.</param>
    /// <param name="right">Another view.</param>
    /// <returns>True unless both stand for the same task.</returns>
    public static bool operator !=(TaskInfo left, TaskInfo right) => !left.Equals(right);

    /// <summary>Whether <paramref name="other"/> stands for the same task.</summary>
    /// <param name="other">Another view.</param>
    /// <returns>True if both stand for the same task (or both for none).</returns>
    public bool Equals(TaskInfo other) => ReferenceEquals(_task, other._task);

    /// <summary>Whether <paramref name="obj"/> is a view of the same task.</summary>
    /// <param name="obj">Any object.</param>
    /// <returns>True if it is a <see cref="TaskInfo"/> of the same task.</returns>
    public override bool Equals(object? obj) => obj is TaskInfo other && Equals(other);

    /// <summary>A hash code of the task (the same for every view of it).</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => _task is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_task);

    /// <summary>The task as messages name it: <c>task 'name' (#id)</c>.</summary>
    /// <returns>The task's name and id, or <c>no task</c> for <c>default(TaskInfo)</c>.</returns>
    public override string ToString() => _task?.ToString() ?? "no task";
}
