using TrioSharp.LowLevel;

namespace TrioSharp;

/// <summary>
/// Everything that observes one run: the user's instruments, the meter (when listened to at the start), and the stall
/// detector (when a threshold is set). The runner holds null instead when there is nothing, so an unobserved run pays
/// one null check per event.
/// </summary>
internal sealed class RunInstruments
{
    private readonly List<TrioInstrument> _instruments;
    private readonly bool _metrics;
    private readonly long _stallTicks;
    private readonly bool _timesSteps;

    private RunInstruments(List<TrioInstrument> instruments, bool metrics, TimeSpan? stallThreshold)
    {
        _instruments = instruments;
        _metrics = metrics;
        if (stallThreshold is { } threshold)
        {
            _stallTicks = (long)(threshold.TotalSeconds * TimeProvider.System.TimestampFrequency);
            _timesSteps = true;
        }
    }

    /// <summary>The run's observers, or null when nothing observes it.</summary>
    internal static RunInstruments? Create(TrioRunOptions options)
    {
        var metrics = TrioMetrics.Listened;
        if (options.Instruments.Count == 0 && !metrics && options.StallThreshold is null)
        {
            return null;
        }

        if (options.StallThreshold is { } threshold && threshold <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), threshold, "TrioRunOptions.StallThreshold must be positive (or null to detect no stalls).");
        }

        return new RunInstruments([.. options.Instruments], metrics, options.StallThreshold);
    }

    internal void BeforeRun() => Each(0, static (i, _) => i.BeforeRun());

    internal void AfterRun() => Each(0, static (i, _) => i.AfterRun());

    internal void TaskSpawned(TrioTask task)
    {
        if (_metrics)
        {
            TrioMetrics.TasksStarted.Add(1);
            TrioMetrics.TasksLive.Add(1);
        }

        if (_instruments.Count > 0)
        {
            Each(task.Info, static (i, t) => i.TaskSpawned(t));
        }
    }

    internal void TaskScheduled(TrioTask task)
    {
        if (_instruments.Count > 0)
        {
            Each(task.Info, static (i, t) => i.TaskScheduled(t));
        }
    }

    /// <summary>Called before a step; returns the timestamp to hand to <see cref="AfterTaskStep"/>.</summary>
    internal long BeforeTaskStep(TrioTask task)
    {
        if (_instruments.Count > 0)
        {
            Each(task.Info, static (i, t) => i.BeforeTaskStep(t));
        }

        return _timesSteps ? TimeProvider.System.GetTimestamp() : 0;
    }

    internal void AfterTaskStep(TrioTask task, long started)
    {
        if (_timesSteps)
        {
            var held = TimeProvider.System.GetTimestamp() - started;
            if (held > _stallTicks)
            {
                ReportStall(task, TimeProvider.System.GetElapsedTime(started, started + held));
            }
        }

        if (_instruments.Count > 0)
        {
            Each(task.Info, static (i, t) => i.AfterTaskStep(t));
        }
    }

    internal void TaskExited(TrioTask task)
    {
        if (_metrics)
        {
            TrioMetrics.TasksLive.Add(-1);
        }

        if (_instruments.Count > 0)
        {
            Each(task.Info, static (i, t) => i.TaskExited(t));
        }
    }

    internal void BeforeIdleWait(TimeSpan? timeout) => Each(timeout, static (i, t) => i.BeforeIdleWait(t));

    internal void AfterIdleWait() => Each(0, static (i, _) => i.AfterIdleWait());

    /// <summary>Called when a batch starts; returns the timestamp to hand to <see cref="AfterBatch"/>, or 0 when unused.</summary>
    internal long BeforeBatch(int steps)
    {
        if (!_metrics)
        {
            return 0;
        }

        TrioMetrics.RunQueueLength.Record(steps);
        return TimeProvider.System.GetTimestamp();
    }

    internal void AfterBatch(long started)
    {
        if (_metrics)
        {
            TrioMetrics.BatchDuration.Record(TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        }
    }

    internal void DeadlineArmed()
    {
        if (_metrics)
        {
            TrioMetrics.DeadlinesArmed.Add(1);
        }
    }

    internal void OutsideWork(int delta)
    {
        if (_metrics)
        {
            TrioMetrics.OutsideWorkInFlight.Add(delta);
        }
    }

    private void ReportStall(TrioTask task, TimeSpan held)
    {
        if (_metrics)
        {
            TrioMetrics.Stalls.Add(1);
            TrioMetrics.StallDuration.Record(held.TotalSeconds);
        }

        TrioEventSource.Log.TaskStalled(task.Name, task.Id, held.TotalMilliseconds);
        Each((task.Info, held), static (i, s) => i.TaskStalled(s.Info, s.held));
    }

    /// <summary>Calls every instrument; one that throws is removed (and logged), as Trio does.</summary>
    private void Each<TArg>(TArg arg, Action<TrioInstrument, TArg> call)
    {
        for (var index = 0; index < _instruments.Count; index++)
        {
            var instrument = _instruments[index];
            try
            {
                call(instrument, arg);
            }
            catch (Exception e)
            {
                _instruments.RemoveAt(index--);
                TrioEventSource.Log.InstrumentFailed(instrument.GetType().FullName ?? instrument.GetType().Name, e.ToString());
            }
        }
    }
}
