namespace TrioSharp.Scheduling;

/// <summary>What <see cref="PriorityScheduler.ShutdownAsync(TimeSpan?)"/> did.</summary>
/// <param name="Stopped">Ids of the tasks that were running and had their cancel scopes cancelled.</param>
/// <param name="Dropped">Ids of the tasks that never started and were cancelled (<c>cancelled_pending</c>).</param>
/// <param name="StillRunning">
/// Ids of stopped tasks that had not ended when the grace period was over (their cleanup is shielded or
/// slow); the scheduler's run still waits for them before it returns.
/// </param>
public sealed record ShutdownReport(IReadOnlyList<int> Stopped, IReadOnlyList<int> Dropped, IReadOnlyList<int> StillRunning);
