namespace TrioSharp;

/// <summary>
/// A clock that moves only when told to: by <see cref="Jump(TimeSpan)"/>, by autojump when every task is
/// blocked on the library, or at a chosen <see cref="Rate"/> of real time.
/// </summary>
/// <remarks>
/// <para>
/// With autojump on (the default, <see cref="AutojumpThreshold"/> zero), a program that only sleeps runs in
/// no real time: when every task waits on the library's own primitives, time jumps straight to the next
/// deadline. It never jumps while a task awaits outside work (an HTTP response, a thread-pool task), because
/// the loop cannot know when that work will finish; with a positive threshold it jumps anyway once nothing
/// has happened for that much real time.
/// </para>
/// <para>
/// <see cref="TimeProvider"/> timers made from this clock (<c>Task.Delay(t, clock)</c>) fire on the loop
/// when the clock passes their due time. They do not count as library waits: autojump will not move the
/// clock for a task that only awaits such a delay, so prefer <see cref="Trio.Sleep(TimeSpan)"/> in tasks.
/// </para>
/// </remarks>
public sealed class VirtualClock : TrioClock
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TimerEntry, (long Due, long Seq)> _timers = new();
    private readonly DateTimeOffset _epoch;
    private long _baseTicks;
    private long _rateStart;
    private double _rate;
    private long _timerSeq;

    // Entries in _timers, written under _gate; read without it by NextTimerTicks, which the loop asks every iteration.
    private int _queued;
    // The threshold in ticks, or -1 for none: one word, so the loop reads a value another thread set whole.
    private long _autojumpTicks;
    private volatile Runner? _runner;

    /// <summary>Creates a clock reading zero, whose wall-clock time (<see cref="GetUtcNow"/>) starts at 2000-01-01 UTC.</summary>
    public VirtualClock()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Creates a clock reading zero whose wall-clock time starts at <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The wall-clock time (<see cref="GetUtcNow"/>) when the clock reads zero.</param>
    public VirtualClock(DateTimeOffset epoch) => _epoch = epoch;

    /// <summary>
    /// How long, in real time, the loop stays idle before the clock jumps to the next deadline:
    /// zero (the default) jumps as soon as every task is blocked on the library; null never jumps.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? AutojumpThreshold
    {
        get => IdleJumpThreshold;
        set
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "AutojumpThreshold must be zero, positive or null (off).");
            }

            Volatile.Write(ref _autojumpTicks, value is { } threshold ? threshold.Ticks : -1);
            _runner?.Signal();
        }
    }

    /// <summary>
    /// Virtual seconds per real second: zero (the default) stands still between jumps. Changing it keeps the
    /// current reading.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not a number.</exception>
    public double Rate
    {
        get => _rate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Rate must be zero or a positive finite number.");
            }

            lock (_gate)
            {
                _baseTicks = ReadTicks();
                _rateStart = System.GetTimestamp();
                _rate = value;
            }

            _runner?.Signal();
        }
    }

    /// <summary>The clock's reading: time since the clock started.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(ReadTicks());

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    internal override bool IsPaced => _rate > 0;

    /// <inheritdoc/>
    internal override TimeSpan? IdleJumpThreshold =>
        Volatile.Read(ref _autojumpTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Moves the clock forward by <paramref name="duration"/>; deadlines it passes fire on the loop's next iteration.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative: time can't go backwards.</exception>
    /// <param name="duration">How long, on the loop's clock; zero or more.</param>
    public void Jump(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Time can't go backwards: Jump takes a non-negative duration.");
        }

        lock (_gate)
        {
            _baseTicks = SaturatingAdd(ReadTicks(), duration.Ticks);
            _rateStart = System.GetTimestamp();
        }

        if (_runner is null)
        {
            FireDueTimersStandalone();
        }
        else
        {
            _runner.Signal();
        }
    }

    /// <summary>Moves the clock forward by <paramref name="seconds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not a number.</exception>
    /// <param name="seconds">How long, in seconds on the loop's clock; zero or more.</param>
    public void Jump(double seconds) => Jump(Trio.ToDuration(seconds, nameof(seconds)));

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _epoch + TimeSpan.FromTicks(ReadTicks());

    /// <inheritdoc/>
    public override long GetTimestamp() => ReadTicks();

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc/>
    internal override long ReadTicks()
    {
        lock (_gate)
        {
            if (_rate == 0)
            {
                return _baseTicks;
            }

            var real = System.GetElapsedTime(_rateStart).Ticks;
            return SaturatingAdd(_baseTicks, (long)(real * _rate));
        }
    }

    /// <inheritdoc/>
    internal override TimeSpan RealTimeUntil(long ticks)
    {
        var remaining = Math.Max(0, ticks - ReadTicks());
        return _rate > 0 ? TimeSpan.FromTicks((long)Math.Min(remaining / _rate, TimeSpan.MaxValue.Ticks)) : TimeSpan.MaxValue;
    }

    /// <inheritdoc/>
    internal override void AdvanceTo(long ticks)
    {
        lock (_gate)
        {
            var now = ReadTicks();
            if (ticks > now)
            {
                _baseTicks = ticks;
                _rateStart = System.GetTimestamp();
            }
        }
    }

    /// <inheritdoc/>
    internal override long NextTimerTicks()
    {
        // Most runs create no TimeProvider timers. A timer armed on another thread just after this read signals the
        // loop (Reschedule), which then asks again, so reading the count without the lock loses nothing.
        if (Volatile.Read(ref _queued) == 0)
        {
            return long.MaxValue;
        }

        lock (_gate)
        {
            DiscardDisarmed();
            return _timers.TryPeek(out _, out var priority) ? priority.Due : long.MaxValue;
        }
    }

    /// <inheritdoc/>
    internal override void FireNextTimer()
    {
        VirtualTimer timer;
        lock (_gate)
        {
            DiscardDisarmed();
            if (!_timers.TryDequeue(out var entry, out var priority))
            {
                return;
            }

            Volatile.Write(ref _queued, _timers.Count);

            timer = entry.Timer;
            timer.Armed = false;
            if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan)
            {
                Schedule(timer, SaturatingAdd(priority.Due, timer.Period.Ticks));
            }
        }

        timer.Invoke();
    }

    /// <inheritdoc/>
    internal override void Attach(Runner runner)
    {
        if (_runner is not null)
        {
            throw new InvalidOperationException("This VirtualClock already drives a running loop; give each Trio.Run its own clock.");
        }

        _runner = runner;
    }

    /// <inheritdoc/>
    internal override void Detach(Runner runner) => _runner = null;

    internal void Reschedule(VirtualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            timer.Version++;
            timer.Armed = false;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Schedule(timer, SaturatingAdd(ReadTicks(), Math.Max(0, dueTime.Ticks)));
            }
        }

        _runner?.Signal();
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;

    private void Schedule(VirtualTimer timer, long due)
    {
        timer.Armed = true;
        _timers.Enqueue(new TimerEntry(timer, timer.Version), (due, _timerSeq++));
        Volatile.Write(ref _queued, _timers.Count);
    }

    private void DiscardDisarmed()
    {
        // An entry is stale once its timer was changed or disposed after it was queued: each Change bumps the version.
        while (_timers.TryPeek(out var entry, out _) && (!entry.Timer.Armed || entry.Version != entry.Timer.Version))
        {
            _timers.Dequeue();
            Volatile.Write(ref _queued, _timers.Count);
        }
    }

    private readonly record struct TimerEntry(VirtualTimer Timer, long Version);

    private void FireDueTimersStandalone()
    {
        while (NextTimerTicks() <= ReadTicks())
        {
            FireNextTimer();
        }
    }
}
