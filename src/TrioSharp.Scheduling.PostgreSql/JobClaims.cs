using Npgsql;

namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>
/// A worker's statements on the jobs table: claim, renew, and end its claims, and recover the claims of dead
/// workers. Each is one statement (one round trip) that also writes its events and notifications.
/// </summary>
/// <remarks>
/// Every statement that ends a claim matches on (id, worker, attempt) and a live status, so a worker that lost
/// its lease (paused, partitioned) cannot overwrite the outcome of the attempt that replaced it.
/// </remarks>
internal sealed class JobClaims(DurableScheduler queue, string worker, TimeSpan lease, bool levelRuns, IReadOnlyDictionary<int, int>? levelLimits = null)
{
    private readonly NpgsqlDataSource _source = queue.DataSource;
    private readonly DurableSchema _schema = queue.Schema;

    /// <summary>What makes a pending job claimable now (unaliased <c>{s}.jobs</c>): due, of a handled type, and with level runs no higher level pending or running.</summary>
    private const string Claimable = """
        status = 'pending' and not_before <= now() and type = any($1)
            and not ($5 and exists (
                select 1 from {s}.jobs h where h.priority < jobs.priority
                    and (h.status in ('running', 'cancelling') or (h.status = 'pending' and h.not_before <= now()))))
        """;

    /// <summary>The best claimable jobs, locked, skipping rows other transactions hold.</summary>
    private const string BestJobs = $$"""
        next as (
            select id from {s}.jobs where {{Claimable}}
            order by priority, seq limit $2 for update skip locked)
        """;

    /// <summary>
    /// The best claimable jobs that fit the fleet-wide level limits (<c>$6</c> levels, <c>$7</c> limits): the first
    /// <c>limit - running</c> of each limited level. Counting what runs is only right while no one else claims, so
    /// claims with limits run under a fleet-wide advisory lock.
    /// </summary>
    private const string BestJobsWithinLimits = $$"""
        busy as (select priority, count(*) as n from {s}.jobs where status in ('running', 'cancelling') group by priority),
        ranked as (
            select id, priority, seq, row_number() over (partition by priority order by seq) as rn
            from {s}.jobs where {{Claimable}}),
        next as (
            select j.id from {s}.jobs j
            join ranked r on r.id = j.id
            left join unnest($6::int[], $7::int[]) as l (level, cap) on l.level = r.priority
            left join busy b on b.priority = r.priority
            where l.level is null or r.rn <= l.cap - coalesce(b.n, 0)
            order by r.priority, r.seq limit $2 for update of j skip locked)
        """;

    private const string ClaimBest = """
        c as (
            update {s}.jobs j set status = 'running', attempts = j.attempts + 1, worker = $3, started_at = now(),
                lease_until = now() + $4
            from next where j.id = next.id
            returning j.id, j.type, j.payload::text as payload, j.name, j.priority, j.attempts, j.seq),
        e as (insert into {s}.events (kind, job_id, priority, worker, detail)
            select 'started', id, priority, $3, 'attempt ' || attempts from c order by priority, seq)
        select id, type, payload, name, priority, attempts from c order by priority, seq
        """;

    private readonly int[] _limitedLevels = [.. (levelLimits ?? new Dictionary<int, int>()).Keys.Order()];
    private readonly int[] _limits = [.. (levelLimits ?? new Dictionary<int, int>()).OrderBy(l => l.Key).Select(l => l.Value)];

    /// <summary>Whether a job's end must wake every worker: it can open a level (level runs) or free room under a level's limit.</summary>
    private bool EndsWakeEveryone => levelRuns || _limits.Length > 0;

    /// <summary>Claims up to <paramref name="count"/> due pending jobs of <paramref name="types"/>, best first (priority, then FIFO), skipping rows other workers are claiming.</summary>
    public async Task<List<ClaimedJob>> ClaimAsync(int count, string[] types, CancellationToken cancellationToken)
    {
        var limited = _limits.Length > 0;
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = limited ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        if (limited)
        {
            await using var serialise = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", connection, transaction);
            serialise.Parameters.Add(new NpgsqlParameter { Value = "triosharp.claim:" + _schema.Name });
            await serialise.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = new NpgsqlCommand(_schema.Sql($"with {(limited ? BestJobsWithinLimits : BestJobs)}, {ClaimBest}"), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = types });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        command.Parameters.Add(new NpgsqlParameter { Value = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = levelRuns });
        if (limited)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = _limitedLevels });
            command.Parameters.Add(new NpgsqlParameter { Value = _limits });
        }

        var claimed = new List<ClaimedJob>(count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new ClaimedJob(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5)));
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    /// <summary>How long until the next pending job of <paramref name="types"/> becomes due, or null if none waits for a time.</summary>
    public async Task<TimeSpan?> NextDueInAsync(string[] types, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(_schema.Sql(
            "select min(not_before) - now() from {s}.jobs where status = 'pending' and not_before > now() and type = any($1)"));
        command.Parameters.Add(new NpgsqlParameter { Value = types });
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is TimeSpan wait ? wait : null;
    }

    /// <summary>Extends the leases of <paramref name="ids"/>; returns, of those still this worker's, the ids whose cancel was requested, and the set still held.</summary>
    public async Task<(HashSet<long> Held, HashSet<long> Cancelling)> RenewAsync(long[] ids, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(_schema.Sql("""
            update {s}.jobs set lease_until = now() + $3
            where id = any($1) and worker = $2 and status in ('running', 'cancelling')
            returning id, status
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        var held = new HashSet<long>();
        var cancelling = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            held.Add(reader.GetInt64(0));
            if (reader.GetString(1) == "cancelling")
            {
                cancelling.Add(reader.GetInt64(0));
            }
        }

        return (held, cancelling);
    }

    /// <summary>Records that the handler returned <paramref name="resultJson"/>.</summary>
    public Task CompleteAsync(ClaimedJob job, string? resultJson, CancellationToken cancellationToken) => EndAsync(
        job,
        "status = 'completed', result = $4::jsonb, ended_at = now()",
        "'completed'",
        (object?)resultJson ?? DBNull.Value,
        cancellationToken);

    /// <summary>Records that the attempt was stopped by a cancel request.</summary>
    public Task CancelledAsync(ClaimedJob job, CancellationToken cancellationToken) =>
        EndAsync(job, "status = 'cancelled', ended_at = now()", "'cancelled'", DBNull.Value, cancellationToken);

    /// <summary>
    /// Records a failed attempt: the job is pending again (<c>retried</c>) if attempts remain, else <c>failed</c>;
    /// the reason is kept either way. A job whose cancel was requested meanwhile ends <c>cancelled</c> instead.
    /// </summary>
    public Task FailedAsync(ClaimedJob job, string reason, CancellationToken cancellationToken) => EndAsync(
        job,
        "status = case when j.status = 'cancelling' then 'cancelled' when j.attempts >= j.max_attempts then 'failed' else 'pending' end, "
            + "ended_at = case when j.status = 'cancelling' or j.attempts >= j.max_attempts then now() end, errors = j.errors || $4::text",
        "case j.status when 'pending' then 'retried' else j.status end",
        $"attempt {job.Attempt} on {worker}: {reason}",
        cancellationToken);

    /// <summary>
    /// Puts a job stopped by this worker's shutdown back to pending for the fleet (<c>requeued</c>; the attempt is
    /// not counted), unless its cancel was requested meanwhile: then it ends <c>cancelled</c>.
    /// </summary>
    public Task RequeueAsync(ClaimedJob job, CancellationToken cancellationToken) => EndAsync(
        job,
        "status = case when j.status = 'cancelling' then 'cancelled' else 'pending' end, "
            + "ended_at = case when j.status = 'cancelling' then now() end, attempts = j.attempts - 1",
        "case j.status when 'pending' then 'requeued' else j.status end",
        DBNull.Value,
        cancellationToken);

    /// <summary>
    /// Ends the claims whose lease expired (their worker died or stalled): a job being cancelled ends
    /// <c>cancelled</c>; others go back to pending (<c>retried</c>) or, out of attempts, <c>failed</c>.
    /// Returns how many were recovered.
    /// </summary>
    public async Task<int> RecoverExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(_schema.Sql("""
            with expired as (
                select id, worker, lease_until, status from {s}.jobs
                where status in ('running', 'cancelling') and lease_until < now() for update skip locked),
            j as (
                update {s}.jobs j set
                    status = case when x.status = 'cancelling' then 'cancelled' when j.attempts >= j.max_attempts then 'failed' else 'pending' end,
                    ended_at = case when x.status = 'cancelling' or j.attempts >= j.max_attempts then now() end,
                    errors = j.errors || ('attempt ' || j.attempts || ' on ' || x.worker || ': lease expired at ' || x.lease_until || ' (the worker died or stalled)'),
                    worker = null, lease_until = null
                from expired x where j.id = x.id
                returning j.id, j.status, j.priority, x.worker, j.attempts),
            e as (insert into {s}.events (kind, job_id, priority, worker, detail)
                select case status when 'pending' then 'retried' else status end, id, priority, worker, 'lease expired (attempt ' || attempts || ')' from j),
            n as (select pg_notify($1, '') from (select 1 from j where status = 'pending' limit 1) p)
            select (select count(*) from j), (select count(*) from n)
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = _schema.JobsChannel });
        var recovered = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return (int)(long)recovered!;
    }

    /// <summary>Writes a worker event (<c>worker_started</c>, <c>worker_stopped</c>).</summary>
    public async Task WorkerEventAsync(string kind, string? detail, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(_schema.Sql("insert into {s}.events (kind, worker, detail) values ($1, $2, $3)"));
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends this worker's claim on <paramref name="job"/>: sets <paramref name="assignments"/> and logs <paramref name="eventKind"/>; notifies the fleet when the job is pending again.</summary>
    private async Task EndAsync(ClaimedJob job, string assignments, string eventKind, object value, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(_schema.Sql($$"""
            with j as (
                update {s}.jobs j set {{assignments}}, worker = null, lease_until = null
                where j.id = $1 and j.worker = $2 and j.attempts = $3 and j.status in ('running', 'cancelling')
                returning j.id, j.status, j.priority),
            e as (insert into {s}.events (kind, job_id, priority, worker, detail)
                select {{eventKind}}, j.id, j.priority, $2, case when j.status = 'pending' or j.status = 'failed' then $4::text end from j),
            n as (select pg_notify($5, '') from j where j.status = 'pending' or $6)
            select (select count(*) from j), (select count(*) from n)
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = job.Attempt });
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = _schema.JobsChannel });

        command.Parameters.Add(new NpgsqlParameter { Value = EndsWakeEveryone });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
