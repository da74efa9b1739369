namespace TrioSharp.LowLevel;

/// <summary>
/// A read-only view of one task of a run (Trio's <c>trio.lowlevel.Task</c>): its name, where it sits in the task
/// tree, and what it waits for.
/// </summary>
/// <remarks>
/// The same task always gives the same view, so views can be compared and used as keys. The tree properties are read
/// live: read them on the loop's thread. A view of an exited task keeps its name, id and parent.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{_task}")]
public sealed class TaskInfo
{
    private readonly TrioTask _task;

    internal TaskInfo(TrioTask task) => _task = task;

    /// <summary>The name given at spawn, or the spawned method's name (main is <c>main</c>).</summary>
    public string Name => _task.Name;

    /// <summary>A number unique within the run, in spawn order (main is 1).</summary>
    public int Id => _task.Id;

    /// <summary>The task that started this one through a nursery, or null for main and system tasks.</summary>
    public TaskInfo? Parent => _task.ParentTask?.Info;

    /// <summary>The nursery this task is a child of (Trio's <c>parent_nursery</c>), or null for main, system tasks
    /// and a task started with <see cref="Nursery.StartAsync(Func{StartStatus, Task}, string?)"/> that has not yet
    /// called Started().</summary>
    public Nursery? ParentNursery => _task.ParentNursery;

    /// <summary>A snapshot of the nurseries open in this task, outermost first (Trio's <c>child_nurseries</c>).</summary>
    public IReadOnlyList<Nursery> ChildNurseries => _task.ChildNurseries is { } nurseries ? [.. nurseries] : [];

    /// <summary>A snapshot of the running children of every nursery open in this task, nursery by nursery, oldest first.</summary>
    public IReadOnlyList<TaskInfo> Children
    {
        get
        {
            var children = new List<TaskInfo>();
            foreach (var nursery in _task.ChildNurseries ?? [])
            {
                children.AddRange(nursery.Children.Select(static child => child.Info));
            }

            return children;
        }
    }

    /// <summary>Whether the task has exited.</summary>
    public bool HasExited => _task.HasExited;

    /// <summary>What the task is blocked on, as a deadlock report says it, or null while it is runnable or running.</summary>
    public string? WaitingFor => _task.Waiting == WaitKind.Blocked ? _task.WaitDescription : null;

    /// <summary>The task as messages name it: <c>task 'name' (#id)</c>.</summary>
    /// <returns>The task's name and id.</returns>
    public override string ToString() => _task.ToString();
}
