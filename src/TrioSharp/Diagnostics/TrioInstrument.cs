using TrioSharp.LowLevel;

namespace TrioSharp;

/// <summary>
/// Observes a run loop from inside (Trio's <c>trio.abc.Instrument</c>): override the events of interest and register
/// the instrument in <see cref="TrioRunOptions.Instruments"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every method is called on the loop's thread, synchronously, while the loop waits for it: keep them short. The
/// defaults do nothing. A run without instruments (and without a meter listener or stall threshold) pays one null
/// check per event and allocates nothing for them.
/// </para>
/// <para>
/// An instrument that throws is removed from the run (the other instruments keep running); the failure is written to
/// the <c>TrioSharp</c> event source as <c>InstrumentFailed</c>.
/// </para>
/// </remarks>
public abstract class TrioInstrument
{
    /// <summary>Called once when the run starts, before main is spawned.</summary>
    public virtual void BeforeRun()
    {
    }

    /// <summary>Called once when the run has ended, after every task exited.</summary>
    public virtual void AfterRun()
    {
    }

    /// <summary>Called when a task is created (main, a nursery child, a system task).</summary>
    /// <param name="task">The new task.</param>
    public virtual void TaskSpawned(TaskInfo task)
    {
    }

    /// <summary>Called when a task becomes runnable: its next step is queued (or, for a timer, about to run now).</summary>
    /// <param name="task">The task.</param>
    public virtual void TaskScheduled(TaskInfo task)
    {
    }

    /// <summary>Called just before a task's step runs.</summary>
    /// <param name="task">The task about to run.</param>
    public virtual void BeforeTaskStep(TaskInfo task)
    {
    }

    /// <summary>Called just after a task's step returned to the loop.</summary>
    /// <param name="task">The task that ran.</param>
    public virtual void AfterTaskStep(TaskInfo task)
    {
    }

    /// <summary>Called when a task has exited, before its nursery (or the run) learns of it.</summary>
    /// <param name="task">The task that exited.</param>
    public virtual void TaskExited(TaskInfo task)
    {
    }

    /// <summary>Called before the loop waits for outside work or time (Trio's <c>before_io_wait</c>).</summary>
    /// <param name="timeout">The longest the loop will wait, or null for no limit.</param>
    public virtual void BeforeIdleWait(TimeSpan? timeout)
    {
    }

    /// <summary>Called after such a wait ended (for <see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/>, when the next slice starts).</summary>
    public virtual void AfterIdleWait()
    {
    }

    /// <summary>
    /// Called after a task's step held the loop longer than <see cref="TrioRunOptions.StallThreshold"/>: every other
    /// task was frozen meanwhile (a blocking <c>.Result</c>, <c>Thread.Sleep</c>, a long computation).
    /// </summary>
    /// <param name="task">The task whose step stalled the loop.</param>
    /// <param name="held">How long the step held the loop, in real time.</param>
    public virtual void TaskStalled(TaskInfo task, TimeSpan held)
    {
    }
}
