using System.Diagnostics.Metrics;

namespace TrioSharp.Tests.Diagnostics;

/// <summary>The <c>TrioSharp</c> meter, read with a <see cref="MeterListener"/>.</summary>
[Collection(nameof(ProcessWideListeners))]
public sealed class MeterTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, double Value)> _measurements = [];

    public MeterTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "TrioSharp")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void Add(string name, double value)
    {
        lock (_measurements)
        {
            _measurements.Add((name, value));
        }
    }

    private List<double> Values(string name) => [.. _measurements.Where(m => m.Name == name).Select(m => m.Value)];

    /// <summary>Main starts three children that each sleep once, and hands one function to a thread.</summary>
    private static void ThreeSleepersAndAThread() => VirtualTime.Run(async () =>
    {
        await Nursery.RunAsync(n =>
        {
            for (var i = 1; i <= 3; i++)
            {
                var seconds = i;
                n.StartSoon(async () => await Trio.Sleep(seconds), $"sleeper{i}");
            }

            return Task.CompletedTask;
        });
        Assert.Equal(42, await Trio.ToThreadAsync(() => 42));
    });

    [Fact]
    public void TasksStarted_ThreeChildren_CountsMainAndThem()
    {
        ThreeSleepersAndAThread();

        Assert.Equal(4, Values("triosharp.tasks.started").Sum());
    }

    [Fact]
    public void TasksLive_AfterTheRun_AddsUpToZeroAndPeaksAtFour()
    {
        ThreeSleepersAndAThread();

        var changes = Values("triosharp.tasks.live");
        var running = 0.0;
        var peak = 0.0;
        foreach (var change in changes)
        {
            running += change;
            peak = Math.Max(peak, running);
        }

        Assert.Equal((0.0, 4.0), (running, peak));
    }

    [Fact]
    public void DeadlinesArmed_ThreeSleeps_CountsThree()
    {
        ThreeSleepersAndAThread();

        Assert.Equal(3, Values("triosharp.deadlines.armed").Sum());
    }

    [Fact]
    public void OutsideWorkInFlight_OneThreadCall_GoesUpThenBackToZero()
    {
        ThreeSleepersAndAThread();

        Assert.Equal([1.0, -1.0], Values("triosharp.outside_work.in_flight"));
    }

    [Fact]
    public void RunQueueLengthAndBatchDuration_EveryBatch_RecordsOneOfEach()
    {
        ThreeSleepersAndAThread();

        var lengths = Values("triosharp.run_queue.length");
        Assert.NotEmpty(lengths);
        Assert.Equal(lengths.Count, Values("triosharp.batch.duration").Count);

        // The first batch is main's first step alone; the second holds the three children it started.
        Assert.Equal([1.0, 3.0], lengths.Take(2));
        Assert.All(Values("triosharp.batch.duration"), d => Assert.True(d >= 0));
    }

    [Fact]
    public void Stalls_StepBlocksTheThread_CountsOneWithItsDuration()
    {
        TestEntry.Run(
            () =>
            {
                using var never = new ManualResetEventSlim(false);
                never.Wait(TimeSpan.FromMilliseconds(300));
                return Task.CompletedTask;
            },
            new TrioRunOptions { StallThreshold = TimeSpan.FromMilliseconds(100) });

        Assert.Equal([1.0], Values("triosharp.task.stalls"));
        Assert.True(Assert.Single(Values("triosharp.task.stall.duration")) >= 0.28);
    }

    [Fact]
    public void Meter_Listened_RunIsObserved()
    {
        Assert.True(VirtualTime.Run(() => Task.FromResult(Runner.Current!.IsObserved)));
    }

    [Fact]
    public void Meter_NotListenedAndNoInstrument_RunIsNotObservedAndRecordsNothing()
    {
        _listener.Dispose();

        var observed = VirtualTime.Run(() => Task.FromResult(Runner.Current!.IsObserved));
        ThreeSleepersAndAThread();

        Assert.False(observed);
        Assert.Empty(_measurements);
    }
}
