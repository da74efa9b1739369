using System.Globalization;
using System.Text;

namespace TrioSharp;

/// <summary>Writes every live task of a run as a tree: nurseries, the cancel scopes between them, and what each task waits for.</summary>
/// <remarks>
/// Each task's line is followed by the scopes it has entered since its parent nursery, outermost first, each indented
/// under the previous; a nursery it opened is listed where its scope sits, with its children under it. System tasks
/// and children of <see cref="Nursery.StartAsync(Func{StartStatus, Task}, string?)"/> that have not called Started()
/// follow the tree.
/// </remarks>
internal sealed class TaskTreeDump
{
    private readonly Runner _runner;
    private readonly StringBuilder _text = new();
    private readonly HashSet<TrioTask> _written = [];

    private TaskTreeDump(Runner runner) => _runner = runner;

    internal static string Write(Runner runner)
    {
        var dump = new TaskTreeDump(runner);
        dump._text.Append(CultureInfo.InvariantCulture, $"Task tree at {Seconds(runner.Now)} ({runner.LiveTasks} live tasks):").AppendLine();
        if (!runner.MainTask.HasExited)
        {
            dump.WriteTask(runner.MainTask, runner.RootScope, 1);
        }

        dump.WriteOthers("system tasks:", task => task.ParentTask is null && task != runner.MainTask, runner.SystemScope);
        dump.WriteOthers("starting (StartAsync before Started()):", task => task.ParentTask is not null, runner.RootScope);
        return dump._text.ToString();
    }

    private void WriteOthers(string heading, Func<TrioTask, bool> belongs, CancelScope baseScope)
    {
        var others = _runner.LiveTasksOldestFirst().Where(t => !_written.Contains(t) && belongs(t)).ToList();
        if (others.Count == 0)
        {
            return;
        }

        _text.AppendLine(heading);
        foreach (var task in others)
        {
            // A starting child hangs under its caller's scopes: show only those it entered itself.
            WriteTask(task, task.ParentTask?.Scope ?? baseScope, 1);
        }
    }

    private void WriteTask(TrioTask task, CancelScope baseScope, int depth)
    {
        _written.Add(task);
        Indent(depth).Append(task).Append(": ").AppendLine(State(task));

        // The scopes this task entered since its base, outermost first.
        var scopes = new List<CancelScope>();
        for (var scope = task.Scope; scope is not null && scope != baseScope && scope != _runner.RootScope; scope = scope.Parent)
        {
            scopes.Add(scope);
        }

        scopes.Reverse();
        var level = depth + 1;
        foreach (var scope in scopes)
        {
            var nursery = scope.NurseryOpenedBy(task);
            Indent(level).Append(nursery is null ? "cancel scope" : "nursery").AppendLine(Describe(scope));
            if (nursery is not null)
            {
                foreach (var child in nursery.Children)
                {
                    WriteTask(child, nursery.CancelScope, level + 1);
                }
            }

            level++;
        }
    }

    private string State(TrioTask task) =>
        task == _runner.CurrentTask ? "running"
        : task.Waiting is WaitKind.Blocked or WaitKind.Outside ? $"waiting: {task.WaitDescription}"
        : "runnable";

    private static string Describe(CancelScope scope)
    {
        var parts = new List<string>();
        if (scope.DeadlineTicks != long.MaxValue)
        {
            parts.Add($"deadline {Seconds(scope.DeadlineTicks)}");
        }

        if (scope.Shield)
        {
            parts.Add("shielded");
        }

        if (scope.CancelRequested)
        {
            parts.Add("cancelled");
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string Seconds(long ticks) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeSpan.FromTicks(ticks).TotalSeconds:0.######}s");

    private StringBuilder Indent(int depth) => _text.Append(' ', depth * 2);
}
