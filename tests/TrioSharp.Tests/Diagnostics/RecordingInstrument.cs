using TrioSharp.LowLevel;

namespace TrioSharp.Tests.Diagnostics;

/// <summary>An instrument that writes every event it receives as one line.</summary>
internal sealed class RecordingInstrument : TrioInstrument
{
    public List<string> Events { get; } = [];

    public List<(string Task, TimeSpan Held)> Stalls { get; } = [];

    public override void BeforeRun() => Events.Add("before_run");

    public override void AfterRun() => Events.Add("after_run");

    public override void TaskSpawned(TaskInfo task) => Events.Add($"spawned {task.Name}");

    public override void TaskScheduled(TaskInfo task) => Events.Add($"scheduled {task.Name}");

    public override void BeforeTaskStep(TaskInfo task) => Events.Add($"before_step {task.Name}");

    public override void AfterTaskStep(TaskInfo task) => Events.Add($"after_step {task.Name}");

    public override void TaskExited(TaskInfo task) => Events.Add($"exited {task.Name}");

    public override void BeforeIdleWait(TimeSpan? timeout) => Events.Add("before_idle_wait");

    public override void AfterIdleWait() => Events.Add("after_idle_wait");

    public override void TaskStalled(TaskInfo task, TimeSpan held) => Stalls.Add((task.Name, held));
}
