namespace TrioSharp;

/// <summary>Settings for one <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.</summary>
public sealed class TrioRunOptions
{
    /// <summary>The loop's clock; a new <see cref="SystemClock"/> when null. A clock drives one run at a time.</summary>
    public TrioClock? Clock { get; init; }

    /// <summary>
    /// The order in which each batch of runnable steps runs: <see cref="SchedulingPolicy.Fifo"/> (the default), or a
    /// seeded shuffle for tests that must not depend on an accidental order.
    /// </summary>
    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fifo;
}
