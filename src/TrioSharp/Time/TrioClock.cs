namespace TrioSharp;

/// <summary>
/// The clock a TrioSharp loop runs on: a <see cref="TimeProvider"/>, so BCL APIs that take one
/// (<c>Task.Delay(TimeSpan, TimeProvider)</c>, <c>new CancellationTokenSource(TimeSpan, TimeProvider)</c>,
/// <c>PeriodicTimer</c>) follow it.
/// </summary>
/// <remarks>
/// Use <see cref="SystemClock"/> for real time and <see cref="VirtualClock"/> for tests and simulations.
/// The loop's own waits (<see cref="Trio.Sleep(TimeSpan)"/>, deadlines) read the loop's time, which is this
/// clock's reading paced as <c>docs/design.md</c> describes.
/// </remarks>
public abstract class TrioClock : TimeProvider
{
    private protected TrioClock()
    {
    }

    /// <summary>Whether the clock moves with real time (so the loop waits for it) rather than by jumps.</summary>
    internal abstract bool IsPaced { get; }

    /// <summary>
    /// How long the loop stays idle, in real time, before the clock jumps to the next deadline: zero jumps as soon
    /// as every task is blocked on the library, null never jumps (a real clock cannot).
    /// </summary>
    internal virtual TimeSpan? IdleJumpThreshold => null;

    /// <summary>The clock's reading, in ticks since its own start.</summary>
    internal abstract long ReadTicks();

    /// <summary>The real time until the clock reads <paramref name="ticks"/>.</summary>
    internal virtual TimeSpan RealTimeUntil(long ticks) => TimeSpan.FromTicks(Math.Max(0, ticks - ReadTicks()));

    /// <summary>Moves a virtual clock forward to <paramref name="ticks"/>.</summary>
    internal virtual void AdvanceTo(long ticks) =>
        throw new InvalidOperationException("Only a VirtualClock can jump.");

    /// <summary>The earliest due time of a <see cref="TimeProvider"/> timer the loop must fire, or <see cref="long.MaxValue"/>.</summary>
    internal virtual long NextTimerTicks() => long.MaxValue;

    /// <summary>Fires the earliest timer reported by <see cref="NextTimerTicks"/>.</summary>
    internal virtual void FireNextTimer()
    {
    }

    /// <summary>Called when a loop starts on this clock.</summary>
    internal virtual void Attach(Runner runner)
    {
    }

    /// <summary>Called when that loop ends.</summary>
    internal virtual void Detach(Runner runner)
    {
    }
}
