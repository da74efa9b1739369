namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>One row of the queue's event log.</summary>
/// <param name="Id">Its id: the order in which events were written.</param>
/// <param name="At">When it was written (the database's clock, <c>clock_timestamp()</c>).</param>
/// <param name="Kind">What happened: <c>added</c>, <c>started</c>, <c>completed</c>, <c>failed</c>, <c>retried</c>, <c>removed</c>, <c>stopped</c>, <c>cancelled</c>, <c>rescheduled</c>, <c>requeued</c>, <c>worker_started</c>, <c>worker_stopped</c>.</param>
/// <param name="JobId">The job it concerns, or null for worker events.</param>
/// <param name="Priority">The job's level at that moment, or null.</param>
/// <param name="Worker">The worker concerned, or null.</param>
/// <param name="Detail">More about it (the attempt, an error), or null.</param>
public sealed record DurableEvent(long Id, DateTimeOffset At, string Kind, long? JobId, int? Priority, string? Worker, string? Detail);
