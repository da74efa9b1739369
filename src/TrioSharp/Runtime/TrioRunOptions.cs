namespace TrioSharp;

/// <summary>Settings for one <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.</summary>
public sealed class TrioRunOptions
{
    /// <summary>The loop's clock; a new <see cref="SystemClock"/> when null. A clock drives one run at a time.</summary>
    public TrioClock? Clock { get; init; }

    /// <summary>
    /// The order in which each batch of runnable steps runs: <see cref="SchedulingPolicy.Fifo"/> (the default), or a
    /// seeded shuffle for tests that must not depend on an accidental order.
    /// </summary>
    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fifo;

    /// <summary>
    /// Cancels the whole run when it fires, from any thread (Ctrl+C, an ASP.NET request's <c>RequestAborted</c>): the
    /// run's root scope is cancelled on the loop, so every task gets <see cref="Cancelled"/> at its next checkpoint and
    /// unwinds. If the main function then ends with that cancellation, <c>Trio.Run</c> throws an
    /// <see cref="OperationCanceledException"/> carrying this token. While it can still fire, tasks blocked with no
    /// deadline are waiting for it rather than deadlocked.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Instruments that observe the run (see <see cref="TrioInstrument"/>), called in this order for each event. Empty
    /// by default: an unobserved run pays one null check per event.
    /// </summary>
    public IReadOnlyList<TrioInstrument> Instruments { get; init; } = [];

    /// <summary>
    /// Reports every task step that holds the loop longer than this, in real time (a blocking <c>.Result</c>,
    /// <c>Thread.Sleep</c>, a long computation: every other task is frozen meanwhile), through
    /// <see cref="TrioInstrument.TaskStalled"/>, the <c>TrioSharp</c> meter (<c>triosharp.task.stalls</c>) and the
    /// <c>TrioSharp</c> event source (<c>TaskStalled</c>, a warning). Null (the default) detects nothing and times nothing.
    /// </summary>
    /// <remarks>A step is measured when it returns to the loop, so one that never returns is not reported.</remarks>
    public TimeSpan? StallThreshold { get; init; }
}
