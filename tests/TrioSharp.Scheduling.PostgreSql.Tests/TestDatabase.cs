namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>The real PostgreSQL the tests run against (eng/with-postgres.sh starts one and sets TRIOSHARP_PG); each test gets its own schema.</summary>
internal static class TestDatabase
{
    public const string Variable = "TRIOSHARP_PG";

    /// <summary>The connection string; a missing variable fails the test (it never passes without a database).</summary>
    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set: these tests need a real PostgreSQL. Run them as the README says: eng/with-postgres.sh dotnet test TrioSharp.slnx");

    /// <summary>A fresh schema name, so tests never see each other's jobs.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A migrated scheduler on a fresh schema.</summary>
    public static async Task<DurableScheduler> NewSchedulerAsync(DurableSchedulerOptions? options = null)
    {
        var scheduler = new DurableScheduler(ConnectionString, (options ?? new DurableSchedulerOptions()) with { Schema = NewSchema() });
        await scheduler.MigrateAsync();
        return scheduler;
    }
}
