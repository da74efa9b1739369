namespace TrioSharp.LowLevel;

/// <summary>
/// A FIFO queue of parked tasks that other code of the same loop wakes explicitly (Trio's
/// <c>trio.lowlevel.ParkingLot</c>): the building block of locks, conditions and events.
/// </summary>
/// <remarks>
/// <para>
/// A parked task counts as blocked on the library: the virtual clock autojumps while tasks wait here, and a
/// program whose tasks all wait in lots that nobody will unpark is reported as deadlocked. A
/// <see cref="TaskCompletionSource"/> completed by another task could do neither: it looks like outside work.
/// </para>
/// <para>
/// Loop-thread only, like every primitive; a lot serves one running loop at a time.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("ParkingLot {Count} parked")]
public sealed class ParkingLot
{
    private LoopBinding _loop;
    private IntrusiveList<ParkedTask, ParkedTask.InLot> _parked;

    /// <summary>How many tasks are parked.</summary>
    public int Count => _parked.Count;

    /// <summary>A snapshot: how many tasks are parked.</summary>
    public ParkingLotStatistics Statistics => new(_parked.Count);

    /// <summary>
    /// Parks the current task at the back of the lot until <see cref="Unpark(int)"/>, <see cref="UnparkAll"/> or a
    /// cancellation takes it out. A checkpoint only when cancelled: it never yields otherwise.
    /// </summary>
    /// <param name="description">What the task waits for, as deadlock reports and task-tree dumps say it; "ParkingLot.ParkAsync" when null.</param>
    /// <returns>A wait that completes when the task is unparked.</returns>
    /// <exception cref="Cancelled">The current scope is cancelled, on entry or while parked; the task has left the lot.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task, or the lot belongs to another running loop.</exception>
    public ValueTask ParkAsync(string? description = null)
    {
        var task = _loop.Task("ParkingLot.ParkAsync");
        if (task.IsEffectivelyCancelled)
        {
            // Parking now would wait for a cancellation that has already been delivered.
            return task.ParkRunnable(checkCancel: true);
        }

        task.PrepareToPark();
        var parked = new ParkedTask(this, task);
        _parked.AddLast(parked);
        return task.ParkBlocked(description ?? "ParkingLot.ParkAsync", parked);
    }

    /// <summary>Wakes the <paramref name="count"/> longest-parked tasks (fewer if fewer wait); they run in the next batch. Not a checkpoint.</summary>
    /// <param name="count">How many tasks to wake, zero or more.</param>
    /// <returns>The tasks woken, longest-parked first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Not on the loop's thread, or the lot belongs to another running loop.</exception>
    public IReadOnlyList<TaskInfo> Unpark(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _loop.Check("ParkingLot.Unpark");
        return Take(count, parked => parked.Task.Wake());
    }

    /// <summary>Wakes every parked task; they run in the next batch, in parking order. Not a checkpoint.</summary>
    /// <returns>The tasks woken, longest-parked first.</returns>
    /// <exception cref="InvalidOperationException">Not on the loop's thread, or the lot belongs to another running loop.</exception>
    public IReadOnlyList<TaskInfo> UnparkAll() => Unpark(_parked.Count);

    /// <summary>
    /// Moves the <paramref name="count"/> longest-parked tasks, still parked, to the back of <paramref name="newLot"/>
    /// (Trio's <c>repark</c>): a condition hands its notified waiters to its lock's lot this way. Not a checkpoint.
    /// </summary>
    /// <param name="newLot">The lot the tasks wait in from now on; a cancellation takes them out of it.</param>
    /// <param name="count">How many tasks to move, zero or more.</param>
    /// <returns>The tasks moved, longest-parked first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Not on the loop's thread, or either lot belongs to another running loop.</exception>
    public IReadOnlyList<TaskInfo> Repark(ParkingLot newLot, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(newLot);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _loop.Check("ParkingLot.Repark");
        newLot._loop.Check("ParkingLot.Repark");
        return Take(count, parked =>
        {
            parked.Lot = newLot;
            newLot._parked.AddLast(parked);
        });
    }

    /// <summary>Moves every parked task, still parked, to the back of <paramref name="newLot"/>. Not a checkpoint.</summary>
    /// <param name="newLot">The lot the tasks wait in from now on.</param>
    /// <returns>The tasks moved, longest-parked first.</returns>
    /// <exception cref="InvalidOperationException">Not on the loop's thread, or either lot belongs to another running loop.</exception>
    public IReadOnlyList<TaskInfo> ReparkAll(ParkingLot newLot) => Repark(newLot, _parked.Count);

    private TaskInfo[] Take(int count, Action<ParkedTask> action)
    {
        var taken = new TaskInfo[Math.Min(count, _parked.Count)];
        for (var i = 0; i < taken.Length; i++)
        {
            var parked = _parked.First!;
            _parked.Remove(parked);
            taken[i] = parked.Task.Info;
            action(parked);
        }

        return taken;
    }

    /// <summary>One task's stay in a lot; it follows the task when it is reparked, so a cancellation finds it.</summary>
    private sealed class ParkedTask(ParkingLot lot, TrioTask task) : IAbortable
    {
        internal ParkingLot Lot { get; set; } = lot;

        internal TrioTask Task { get; } = task;

        internal ListLinks<ParkedTask> Links;

        /// <inheritdoc/>
        public bool TryAbort(TrioTask task)
        {
            Lot._parked.Remove(this);
            return true;
        }

        internal readonly struct InLot : ILinkField<ParkedTask>
        {
            /// <inheritdoc/>
            public static ref ListLinks<ParkedTask> Of(ParkedTask node) => ref node.Links;
        }
    }
}
