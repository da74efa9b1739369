namespace TrioSharp;

/// <summary>A snapshot of a <see cref="TrioLock"/>.</summary>
/// <param name="Locked">Whether a task holds the lock (or held it when it exited, breaking it).</param>
/// <param name="Owner">The holder, as <c>task 'name' (#id)</c>, or null.</param>
/// <param name="TasksWaiting">Tasks blocked in an acquire.</param>
public readonly record struct LockStatistics(bool Locked, string? Owner, int TasksWaiting);
