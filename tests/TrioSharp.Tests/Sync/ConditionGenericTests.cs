namespace TrioSharp.Tests.Sync;

/// <summary>The generic lock rules for a <see cref="Condition"/> used as a lock (as Trio's generic lock tests do).</summary>
public sealed class ConditionGenericTests : GenericLockTests
{
    protected override (Func<ValueTask> Acquire, Action Release) CreateLock()
    {
        var condition = new Condition();
        return (condition.AcquireAsync, condition.Release);
    }
}
