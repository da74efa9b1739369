namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>A job a worker has just claimed: what its handler needs, and the attempt that identifies this claim.</summary>
internal sealed record ClaimedJob(long Id, string Type, string PayloadJson, string? Name, int Priority, int Attempt);
