using System.Diagnostics.Tracing;

namespace TrioSharp;

/// <summary>
/// The <c>TrioSharp</c> event source: what a host logs (through an <see cref="EventListener"/>, <c>dotnet-trace</c> or
/// <c>dotnet-monitor</c>) when a run misbehaves.
/// </summary>
[EventSource(Name = "TrioSharp")]
internal sealed class TrioEventSource : EventSource
{
    internal static readonly TrioEventSource Log = new();

    private TrioEventSource()
    {
    }

    /// <summary>A task step held the loop longer than the run's stall threshold.</summary>
    [Event(1, Level = EventLevel.Warning, Message = "Task '{0}' (#{1}) held the TrioSharp loop for {2} ms; every other task was frozen meanwhile.")]
    public void TaskStalled(string taskName, int taskId, double milliseconds)
    {
        if (IsEnabled())
        {
            WriteEvent(1, taskName, taskId, milliseconds);
        }
    }

    /// <summary>An instrument threw and was removed from its run.</summary>
    [Event(2, Level = EventLevel.Error, Message = "TrioSharp instrument {0} threw and was removed from the run: {1}")]
    public void InstrumentFailed(string instrument, string error)
    {
        if (IsEnabled())
        {
            WriteEvent(2, instrument, error);
        }
    }
}
