namespace TrioSharp.Tests.Sync;

/// <summary>The generic lock rules for <see cref="StrictFifoLock"/>.</summary>
public sealed class StrictFifoLockGenericTests : GenericLockTests
{
    protected override (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var gate = new StrictFifoLock();
        return (gate.AcquireAsync, gate.Release);
    }
}
