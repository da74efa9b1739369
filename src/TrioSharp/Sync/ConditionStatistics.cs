namespace TrioSharp;

/// <summary>A snapshot of a <see cref="Condition"/>.</summary>
/// <param name="TasksWaiting">Tasks waiting in <see cref="Condition.WaitAsync"/> to be notified.</param>
/// <param name="Lock">The snapshot of the condition's lock.</param>
public readonly record struct ConditionStatistics(int TasksWaiting, LockStatistics Lock);
