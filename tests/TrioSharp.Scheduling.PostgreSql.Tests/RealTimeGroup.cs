namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>Tests that run worker processes and compare real times: they run alone, not beside this assembly's other tests, so CPU contention does not eat their slack.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeGroup
{
    public const string Name = "real time";
}
