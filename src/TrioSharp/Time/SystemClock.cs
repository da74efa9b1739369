namespace TrioSharp;

/// <summary>
/// Real time: the loop waits on the machine's monotonic clock, and <see cref="TimeProvider"/> timers are the
/// system's.
/// </summary>
/// <remarks>
/// The loop's time starts at zero when the loop starts. It advances when the loop waits (to the deadline it
/// waited for) or when outside work arrives (to the wall reading), like libuv's cached loop time; so sleeps
/// chained from one another tie exactly as on the virtual clock. If the loop computes for longer than
/// <see cref="MaxLag"/> without waiting, it catches up with the wall within its next 16 iterations (with no deadline
/// pending the loop reads the clock only every 16th iteration, because a reading costs as much as a schedule point).
/// </remarks>
public sealed class SystemClock : TrioClock
{
    private readonly long _start;

    /// <summary>Creates a clock whose reading starts at zero now.</summary>
    public SystemClock() => _start = System.GetTimestamp();

    /// <summary>How far the loop's time may trail the wall clock before the loop catches up.</summary>
    public static TimeSpan MaxLag { get; } = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc/>
    internal override bool IsPaced => true;

    /// <inheritdoc/>
    internal override long ReadTicks() => System.GetElapsedTime(_start).Ticks;
}
