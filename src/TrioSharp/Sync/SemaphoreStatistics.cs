namespace TrioSharp;

/// <summary>A snapshot of a <see cref="TrioSemaphore"/>.</summary>
/// <param name="TasksWaiting">Tasks blocked in an acquire.</param>
public readonly record struct SemaphoreStatistics(int TasksWaiting);
