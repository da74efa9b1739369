using System.Text.RegularExpressions;

namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>The queue's tables, their versioned migrations, and the notification channels, in one schema.</summary>
internal sealed partial class DurableSchema
{
    /// <summary>Migrations by version, applied in order; never edit one that has shipped, add the next.</summary>
    private static readonly string[] Migrations =
    [
        """
        create table {s}.jobs (
            id bigserial primary key,
            seq bigserial not null,
            type text not null,
            payload jsonb not null,
            name text,
            priority int not null,
            status text not null default 'pending',
            not_before timestamptz not null default now(),
            added_at timestamptz not null default now(),
            started_at timestamptz,
            ended_at timestamptz,
            attempts int not null default 0,
            max_attempts int not null,
            worker text,
            lease_until timestamptz,
            result jsonb,
            errors text[] not null default '{}');
        create index jobs_pending on {s}.jobs (priority, seq) where status = 'pending';
        create index jobs_leased on {s}.jobs (lease_until) where status in ('running', 'cancelling');
        create table {s}.events (
            id bigserial primary key,
            at timestamptz not null default clock_timestamp(),
            kind text not null,
            job_id bigint,
            priority int,
            worker text,
            detail text);
        create index events_job on {s}.events (job_id);
        """,
    ];

    public DurableSchema(string name)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"DurableSchedulerOptions.Schema '{name}' is not a plain PostgreSQL name: use lower-case letters, digits and '_', starting with a letter or '_' (at most 40 characters).",
                nameof(name));
        }

        Name = name;
        JobsChannel = name + "_jobs";
        CancelChannel = name + "_cancel";
    }

    /// <summary>The newest version this library knows.</summary>
    public static int LatestVersion => Migrations.Length;

    public string Name { get; }

    /// <summary>NOTIFY channel: work was added or became pending again.</summary>
    public string JobsChannel { get; }

    /// <summary>NOTIFY channel: the payload is the id of a running job whose cancel was requested.</summary>
    public string CancelChannel { get; }

    /// <summary>The SQL of migration <paramref name="version"/> (1-based), with the schema filled in.</summary>
    public string Migration(int version) => Sql(Migrations[version - 1]);

    /// <summary><paramref name="sql"/> with <c>{s}</c> replaced by the (validated, so safe to inline) schema name.</summary>
    public string Sql(string sql) => sql.Replace("{s}", Name, StringComparison.Ordinal);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex ValidName();
}
