namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>Settings of a <see cref="DurableScheduler"/>; every client and worker of one queue must use the same.</summary>
public sealed record DurableSchedulerOptions
{
    /// <summary>The PostgreSQL schema holding the queue's tables (created if missing): lower-case letters, digits and <c>_</c>.</summary>
    public string Schema { get; init; } = "triosharp";

    /// <summary>How many priority levels there are; 1 is the highest.</summary>
    public int Levels { get; init; } = 5;

    /// <summary>How many claims a job may have (the first run and its retries) unless its add says otherwise.</summary>
    public int MaxAttempts { get; init; } = 3;
}
