namespace TrioSharp.Scheduling.Fleet;

/// <summary>One job system under test.</summary>
internal interface IFleetSide
{
    string Name { get; }

    /// <summary>Enqueues the jobs with no worker running, starts <paramref name="workers"/> worker processes, and returns completions per second between the first and the last completion.</summary>
    Task<double> ThroughputAsync(int workers);

    /// <summary>With one idle worker, adds jobs one at a time and returns each one's add-to-start time in milliseconds.</summary>
    Task<List<double>> LatencyAsync();
}
