namespace TrioSharp;

/// <summary>A <see cref="ITimer"/> on a <see cref="VirtualClock"/>: it fires on the loop when the clock passes its due time.</summary>
internal sealed class VirtualTimer : ITimer
{
    private readonly VirtualClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private bool _disposed;

    internal VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
    }

    internal TimeSpan Period { get; private set; }

    /// <summary>Bumped by every change, so queue entries made before it are recognised as stale.</summary>
    internal long Version { get; set; }

    internal bool Armed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "dueTime must be non-negative or Timeout.InfiniteTimeSpan.");
        }

        Period = period;
        _clock.Reschedule(this, dueTime);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _clock.Reschedule(this, Timeout.InfiniteTimeSpan);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Invoke() => _callback(_state);
}
