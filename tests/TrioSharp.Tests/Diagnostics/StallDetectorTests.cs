using System.Diagnostics.Tracing;

namespace TrioSharp.Tests.Diagnostics;

/// <summary>The stall detector: a step that blocks the loop's thread is reported with its task's name.</summary>
/// <remarks>
/// The blocking step waits 300 ms on an event nobody sets, against a 100 ms threshold: the wait cannot return early,
/// so the report does not depend on the machine's speed. The event listener is process-wide, so this runs alone.
/// </remarks>
[Collection(nameof(ProcessWideListeners))]
public class StallDetectorTests
{
    private static readonly TimeSpan Blocking = TimeSpan.FromMilliseconds(300);

    private static TrioRunOptions Options(RecordingInstrument instrument) => new()
    {
        Clock = new VirtualClock(),
        Instruments = [instrument],
        StallThreshold = TimeSpan.FromMilliseconds(100),
    };

    private static async Task BlockingProgram()
    {
        await Nursery.RunAsync(n =>
        {
            n.StartSoon(
                () =>
                {
                    using var never = new ManualResetEventSlim(false);
                    never.Wait(Blocking);
                    return Task.CompletedTask;
                },
                "blocker");
            n.StartSoon(async () => await Trio.Sleep(1), "sleeper");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void StallThreshold_StepBlocksTheThread_InstrumentHearsTheTaskAndHowLong()
    {
        var instrument = new RecordingInstrument();

        TestEntry.Run(BlockingProgram, Options(instrument));

        var (task, held) = Assert.Single(instrument.Stalls);
        Assert.Equal("blocker", task);
        Assert.True(held >= Blocking - TimeSpan.FromMilliseconds(20), $"held {held}");
    }

    [Fact]
    public void StallThreshold_StepBlocksTheThread_EventSourceLogsAWarningNamingTheTask()
    {
        using var listener = new StallListener();

        TestEntry.Run(BlockingProgram, Options(new RecordingInstrument()));

        var stall = Assert.Single(listener.Stalls);
        Assert.Equal(EventLevel.Warning, stall.Level);
        Assert.Equal("blocker", stall.Payload![0]);
    }

    [Fact]
    public void StallThreshold_NoStepBlocks_ReportsNothing()
    {
        var instrument = new RecordingInstrument();

        TestEntry.Run(
            async () => await Trio.Sleep(5),
            new TrioRunOptions { Clock = new VirtualClock(), Instruments = [instrument], StallThreshold = TimeSpan.FromSeconds(30) });

        Assert.Empty(instrument.Stalls);
    }

    [Fact]
    public void StallThreshold_Zero_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TestEntry.Run(() => Task.CompletedTask, new TrioRunOptions { StallThreshold = TimeSpan.Zero }));
    }

    private sealed class StallListener : EventListener
    {
        public List<EventWrittenEventArgs> Stalls { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "TrioSharp")
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "TaskStalled")
            {
                lock (Stalls)
                {
                    Stalls.Add(eventData);
                }
            }
        }
    }
}
