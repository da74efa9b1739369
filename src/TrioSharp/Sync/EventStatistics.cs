namespace TrioSharp;

/// <summary>A snapshot of a <see cref="TrioEvent"/>.</summary>
/// <param name="TasksWaiting">Tasks blocked in <see cref="TrioEvent.WaitAsync"/>.</param>
public readonly record struct EventStatistics(int TasksWaiting);
