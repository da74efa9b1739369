namespace TrioSharp.Scheduling;

/// <summary>
/// A place where TrioSharp tasks wait until another task of the same loop wakes them all.
/// </summary>
/// <remarks>
/// Built on the loop's own parking so that a waiting task counts as blocked on the library: the virtual
/// clock can still autojump while tasks wait here. A TaskCompletionSource completed by another task would
/// look like outside work and stop the autojump.
/// </remarks>
internal sealed class ParkingLot : IAbortable
{
    private readonly List<TrioTask> _waiters = [];

    /// <summary>Parks the current task until <see cref="WakeAll"/>.</summary>
    /// <exception cref="Cancelled">The waiting task's scope was cancelled.</exception>
    internal ValueTask ParkAsync(string api, string description)
    {
        var task = Trio.CurrentTask(api);
        if (task.IsEffectivelyCancelled)
        {
            // Parking now would wait for a cancellation that has already been delivered.
            return task.ParkRunnable(checkCancel: true);
        }

        _waiters.Add(task);
        return task.ParkBlocked(description, this);
    }

    /// <summary>Makes every parked task runnable in the next batch.</summary>
    internal void WakeAll()
    {
        if (_waiters.Count == 0)
        {
            return;
        }

        // Copied first: a woken task only runs in a later batch, but TryAbort must never see a list mid-walk.
        var waiters = _waiters.ToArray();
        _waiters.Clear();
        foreach (var waiter in waiters)
        {
            waiter.Wake();
        }
    }

    /// <inheritdoc/>
    public bool TryAbort(TrioTask task) => _waiters.Remove(task);
}
