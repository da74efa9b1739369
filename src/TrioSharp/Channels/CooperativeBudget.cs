namespace TrioSharp;

/// <summary>
/// How often a memory-channel operation that completes without waiting must still yield to other tasks.
/// </summary>
/// <remarks>
/// Trio makes every send and receive a full checkpoint, so each one costs a trip through the run queue even when
/// nothing had to wait; for a channel that is most of its cost. TrioSharp keeps the cancel point on every send
/// and receive but takes the schedule point only when the operation blocks, or when the task has completed
/// <see cref="OperationsPerYield"/> channel operations in a row without parking (a cooperative budget, as in
/// Tokio). A loop that only ever sends on an unbounded channel therefore still lets every other task run at least
/// once per <see cref="OperationsPerYield"/> sends. Locks, semaphores, limiters and events keep Trio's rule (every
/// acquire or wait is a full checkpoint), because their fairness between looping acquirers depends on it.
/// </remarks>
internal static class CooperativeBudget
{
    /// <summary>Channel operations a task may complete without parking before one of them yields.</summary>
    internal const int OperationsPerYield = 64;

    /// <summary>Counts one operation that completed at once; true when it must yield before returning.</summary>
    internal static bool Spend(TrioTask task) => ++task.UnyieldedOps >= OperationsPerYield;
}
