namespace TrioSharp;

/// <summary>A snapshot of the loop, from <see cref="Trio.CurrentStatistics"/>.</summary>
/// <param name="TasksLiving">Tasks started and not yet exited, the entry point included.</param>
/// <param name="TasksRunnable">Steps waiting in the run queue.</param>
/// <param name="TasksBlocked">Tasks blocked in one of the library's waits.</param>
/// <param name="TimeToNextDeadline">Time until the earliest pending deadline, or <see cref="TimeSpan.MaxValue"/>.</param>
public readonly record struct RunStatistics(int TasksLiving, int TasksRunnable, int TasksBlocked, TimeSpan TimeToNextDeadline);
