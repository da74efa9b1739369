namespace TrioSharp.WorldBank.Tests;

/// <summary>A wall clock that reads what the test sets, for the ages of cache entries.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
