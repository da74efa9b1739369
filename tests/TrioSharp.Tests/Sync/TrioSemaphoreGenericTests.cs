namespace TrioSharp.Tests.Sync;

/// <summary>The generic lock rules for a <see cref="TrioSemaphore"/> of one unit.</summary>
public sealed class TrioSemaphoreGenericTests : GenericLockTests
{
    protected override (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var semaphore = new TrioSemaphore(1);
        return (semaphore.AcquireAsync, semaphore.Release);
    }
}
