using System.Diagnostics.Metrics;

namespace TrioSharp;

/// <summary>
/// The <c>TrioSharp</c> meter (System.Diagnostics.Metrics). A run records into it only if something listens to one of
/// its instruments when the run starts; otherwise the run pays nothing for it.
/// </summary>
internal static class TrioMetrics
{
    /// <summary>The meter's name, as listeners and OpenTelemetry's <c>AddMeter</c> take it.</summary>
    internal const string MeterName = "TrioSharp";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> TasksStarted = Meter.CreateCounter<long>(
        "triosharp.tasks.started", "{task}", "Tasks spawned (main, nursery children, system tasks).");

    internal static readonly UpDownCounter<long> TasksLive = Meter.CreateUpDownCounter<long>(
        "triosharp.tasks.live", "{task}", "Tasks spawned and not yet exited.");

    internal static readonly Histogram<long> RunQueueLength = Meter.CreateHistogram<long>(
        "triosharp.run_queue.length", "{step}", "Steps in the run queue when a batch starts (the batch's size).");

    internal static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "triosharp.batch.duration", "s", "Real time one batch of steps held the loop.");

    internal static readonly Counter<long> DeadlinesArmed = Meter.CreateCounter<long>(
        "triosharp.deadlines.armed", "{deadline}", "Deadlines registered with the loop (sleeps, scope deadlines).");

    internal static readonly UpDownCounter<long> OutsideWorkInFlight = Meter.CreateUpDownCounter<long>(
        "triosharp.outside_work.in_flight", "{work}", "Trio.ToThreadAsync calls whose thread has not reported back.");

    internal static readonly Counter<long> Stalls = Meter.CreateCounter<long>(
        "triosharp.task.stalls", "{stall}", "Task steps that held the loop longer than the run's stall threshold.");

    internal static readonly Histogram<double> StallDuration = Meter.CreateHistogram<double>(
        "triosharp.task.stall.duration", "s", "How long each stalling step held the loop.");

    /// <summary>Whether any instrument of the meter has a listener now.</summary>
    internal static bool Listened =>
        TasksStarted.Enabled || TasksLive.Enabled || RunQueueLength.Enabled || BatchDuration.Enabled
        || DeadlinesArmed.Enabled || OutsideWorkInFlight.Enabled || Stalls.Enabled || StallDuration.Enabled;
}
