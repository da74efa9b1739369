namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>A snapshot of one durable job, as the database holds it.</summary>
/// <param name="Id">Its id (ids grow with each add, across the fleet).</param>
/// <param name="Type">The job type name its handler is registered under.</param>
/// <param name="PayloadJson">Its payload, as JSON.</param>
/// <param name="Name">Its optional name.</param>
/// <param name="Priority">Its level: 1 is the highest.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Attempts">How many times a worker has claimed it.</param>
/// <param name="MaxAttempts">How many claims it may have before it is <see cref="DurableJobStatus.Failed"/>.</param>
/// <param name="AddedAt">When it was added (the database's clock).</param>
/// <param name="NotBefore">The earliest time it may start.</param>
/// <param name="StartedAt">When its latest attempt started, or null.</param>
/// <param name="EndedAt">When it ended, or null.</param>
/// <param name="Worker">The worker holding it now, or null.</param>
/// <param name="ResultJson">What its handler returned, as JSON, or null.</param>
/// <param name="Errors">Why attempts failed, one line each, oldest first.</param>
public sealed record DurableJobInfo(
    long Id,
    string Type,
    string PayloadJson,
    string? Name,
    int Priority,
    DurableJobStatus Status,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset AddedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Worker,
    string? ResultJson,
    IReadOnlyList<string> Errors);
