namespace TrioSharp.Hosting;

/// <summary>Settings of the host's shared loop, given to <see cref="TrioServiceCollectionExtensions.AddTrio"/>.</summary>
public sealed class TrioHostOptions
{
    private TimeSpan _gracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The loop's clock: a new <see cref="SystemClock"/> when null, a <see cref="VirtualClock"/> in tests. The grace
    /// period and every <c>Trio.Sleep</c> of submitted work run on it.
    /// </summary>
    public TrioClock? Clock { get; set; }

    /// <summary>The order of each batch of runnable steps: FIFO by default, or a seeded shuffle for tests.</summary>
    public SchedulingPolicy Scheduling { get; set; } = SchedulingPolicy.Fifo;

    /// <summary>
    /// How long, on the loop's clock, work still running when the host stops may take to finish before it is cancelled;
    /// 5 seconds by default. The loop stops as soon as no submitted work is left, and at once if the host's own shutdown
    /// time-out runs out first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan GracePeriod
    {
        get => _gracePeriod;
        set => _gracePeriod = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "GracePeriod must be zero or positive.");
    }
}
