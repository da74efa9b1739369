using TrioSharp.LowLevel;

namespace TrioSharp.Scheduling.Tests.ExternalPrimitive;

/// <summary>
/// A condition over <see cref="ParkingLotLock"/>, as Trio writes <c>Condition</c>: notify moves waiters, still parked,
/// into the lock's lot, so each wakes only when the lock is handed to it.
/// </summary>
internal sealed class ParkingLotCondition(ParkingLotLock gate)
{
    private readonly ParkingLot _waiters = new();

    public int Waiting => _waiters.Count;

    public async Task WaitAsync()
    {
        gate.Release();
        try
        {
            // Reparked into the lock's lot by Notify: being unparked from there means owning the lock.
            await _waiters.ParkAsync("ParkingLotCondition.WaitAsync");
        }
        catch (Cancelled)
        {
            // Cancelled in either lot: the task has left it, and must hold the lock again before it raises.
            await new CancelScope(shield: true).RunAsync(gate.AcquireAsync);
            throw;
        }
    }

    public void Notify(int count = 1)
    {
        if (gate.Owner != TrioLowLevel.CurrentTask)
        {
            throw new InvalidOperationException("ParkingLotCondition.Notify: hold the lock while notifying.");
        }

        _waiters.Repark(gate.Lot, count);
    }
}
