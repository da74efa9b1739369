namespace TrioSharp.Tests.Sync;

/// <summary>The generic lock rules for <see cref="TrioLock"/>.</summary>
public sealed class TrioLockGenericTests : GenericLockTests
{
    protected override (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var gate = new TrioLock();
        return (gate.AcquireAsync, gate.Release);
    }
}
