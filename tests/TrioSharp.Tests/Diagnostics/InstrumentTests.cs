namespace TrioSharp.Tests.Diagnostics;

/// <summary><see cref="TrioInstrument"/>: which events a run reports, in which order.</summary>
public class InstrumentTests
{
    private static List<string> Record(Func<Task> main)
    {
        var instrument = new RecordingInstrument();
        TestEntry.Run(main, new TrioRunOptions { Clock = new VirtualClock(), Instruments = [instrument] });
        return instrument.Events;
    }

    [Fact]
    public void Instruments_MainStartsOneChildThatCheckpoints_ReportsEveryEventInOrder()
    {
        var events = Record(async () =>
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () => await Trio.Checkpoint(), "child");
                return Task.CompletedTask;
            }));

        Assert.Equal(
            [
                "before_run",
                "spawned main", "scheduled main",
                "before_step main", "spawned child", "scheduled child", "after_step main",
                "before_step child", "scheduled child", "after_step child",

                // The last child's exit resumes the nursery's parent at once, inside the child's step.
                "before_step child", "exited child",
                "scheduled main", "before_step main", "exited main", "after_step main",
                "after_step child",
                "after_run",
            ],
            events);
    }

    [Fact]
    public void Instruments_MainSleeps_TimerResumesItWithinItsOwnStep()
    {
        var events = Record(async () => await Trio.Sleep(1));

        Assert.Equal(
            [
                "before_run",
                "spawned main", "scheduled main",
                "before_step main", "after_step main",
                "scheduled main", "before_step main", "exited main", "after_step main",
                "after_run",
            ],
            events);
    }

    [Fact]
    public void Instruments_InstrumentThrows_IsRemovedAndTheRunCompletes()
    {
        var healthy = new RecordingInstrument();
        var result = TestEntry.Run(
            async () =>
            {
                await Trio.Checkpoint();
                return 7;
            },
            new TrioRunOptions { Clock = new VirtualClock(), Instruments = [new ThrowingInstrument(), healthy] });

        Assert.Equal(7, result);
        Assert.Equal("after_run", healthy.Events[^1]);
    }

    private sealed class ThrowingInstrument : TrioInstrument
    {
        public override void TaskSpawned(TrioSharp.LowLevel.TaskInfo task) => throw new InvalidOperationException("broken instrument");
    }
}
