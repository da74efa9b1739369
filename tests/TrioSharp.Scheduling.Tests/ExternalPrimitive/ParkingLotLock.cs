using TrioSharp.LowLevel;

namespace TrioSharp.Scheduling.Tests.ExternalPrimitive;

/// <summary>
/// A FIFO lock written outside the core assembly on the public <c>TrioSharp.LowLevel</c> API only, the way Trio
/// writes its own <c>Lock</c>: this project cannot see TrioSharp's internals, so it shows that a user's primitive can
/// do what the core's do (block as library waits, hand over in FIFO order, be cancelled, show in deadlock reports).
/// </summary>
internal sealed class ParkingLotLock
{
    /// <summary>Acquisitions in the current run, of every such lock: per-run state a library keeps in a <see cref="RunVar{T}"/>.</summary>
    public static readonly RunVar<int> AcquisitionsInRun = new("ParkingLotLock acquisitions", 0);

    internal ParkingLot Lot { get; } = new();

    public TaskInfo? Owner { get; private set; }

    /// <summary>Takes the lock; a checkpoint, as Trio's: cancelled on entry raises, a free lock is taken then yields.</summary>
    public async Task AcquireAsync()
    {
        Trio.CheckpointIfCancelled();
        var me = TrioLowLevel.CurrentTask;
        if (Owner is null)
        {
            Owner = me;
            AcquisitionsInRun.Value++;
            await TrioLowLevel.CancelShieldedCheckpoint();
            return;
        }

        // Release hands the lock over to the longest waiter before waking it, so nobody can barge in.
        await Lot.ParkAsync("ParkingLotLock.AcquireAsync (waiting for the owner)");
        AcquisitionsInRun.Value++;
    }

    public void Release()
    {
        if (Owner != TrioLowLevel.CurrentTask)
        {
            throw new InvalidOperationException("ParkingLotLock.Release: the current task does not own the lock.");
        }

        var next = Lot.Unpark();
        Owner = next.Count == 0 ? null : next[0];
    }
}
