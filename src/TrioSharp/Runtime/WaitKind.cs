namespace TrioSharp;

/// <summary>What a task is doing as far as the loop can tell.</summary>
internal enum WaitKind
{
    /// <summary>Running, or awaiting something outside the library (I/O, a thread-pool task).</summary>
    None,

    /// <summary>Parked at a checkpoint, already in the run queue.</summary>
    Runnable,

    /// <summary>Parked in one of the library's own waits; only the loop can wake it.</summary>
    Blocked,

    /// <summary>
    /// Parked until work it sent outside the loop (a function on a worker thread) reports back. Not blocked as the loop
    /// counts it: the outside work can still wake it, so a virtual clock does not jump and the run is not deadlocked.
    /// </summary>
    Outside,
}
