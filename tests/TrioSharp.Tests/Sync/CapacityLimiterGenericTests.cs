namespace TrioSharp.Tests.Sync;

/// <summary>The generic lock rules for a <see cref="CapacityLimiter"/> of one token.</summary>
public sealed class CapacityLimiterGenericTests : GenericLockTests
{
    protected override (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var limiter = new CapacityLimiter(1);
        return (limiter.AcquireAsync, limiter.Release);
    }
}
