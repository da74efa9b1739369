namespace TrioSharp.Samples.Worker;

/// <summary>What the monitor checks, how often, how long it waits, and how many checks run at once.</summary>
internal sealed class MonitorOptions
{
    /// <summary>The URLs to check.</summary>
    public List<Uri> Urls { get; } = [];

    /// <summary>Seconds between two checks of one URL.</summary>
    public double IntervalSeconds { get; set; } = 5;

    /// <summary>Seconds a check may take before it counts as timed out.</summary>
    public double TimeoutSeconds { get; set; } = 2;

    /// <summary>Checks in flight at once, across every URL.</summary>
    public int MaxConcurrency { get; set; } = 4;
}
