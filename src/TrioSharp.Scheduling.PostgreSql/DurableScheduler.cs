using System.Text.Json;
using Npgsql;

namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>
/// A durable priority queue in PostgreSQL, shared by any number of processes: add, cancel, reschedule and
/// query jobs here; run them with <see cref="DurableWorker"/>s.
/// </summary>
/// <remarks>
/// <para>
/// Every call is one short transaction and may be made from any thread, inside a TrioSharp loop or not. Each
/// job has a priority (1 is the highest), a type name that picks its handler, a JSON payload, an optional
/// name and an optional not-before time. A free worker always claims the highest-priority pending job, FIFO
/// within a level. Delivery is at-least-once: a job whose worker dies is run again (see docs/scheduler.md).
/// </para>
/// <para>
/// Call <see cref="MigrateAsync"/> once before use (workers do it when they start); it creates or upgrades the
/// tables in <see cref="DurableSchedulerOptions.Schema"/> and is safe to run from many processes at once.
/// </para>
/// </remarks>
public sealed class DurableScheduler : IAsyncDisposable
{
    private const string JobColumns =
        "id, type, payload::text, name, priority, status, attempts, max_attempts, added_at, not_before, started_at, ended_at, worker, result::text, errors";

    private readonly bool _ownsDataSource;

    /// <summary>Creates a client on <paramref name="connectionString"/> (an Npgsql connection string); dispose it to close its connections.</summary>
    /// <exception cref="ArgumentException">The connection string or an option is invalid.</exception>
    public DurableScheduler(string connectionString, DurableSchedulerOptions? options = null)
        : this(CreateDataSource(connectionString), options, ownsDataSource: true)
    {
    }

    /// <summary>Creates a client on <paramref name="dataSource"/>, which stays the caller's to dispose.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DurableScheduler(NpgsqlDataSource dataSource, DurableSchedulerOptions? options = null)
        : this(dataSource, options, ownsDataSource: false)
    {
    }

    /// <summary>
    /// A data source with only the types the scheduler's queries use (text, integers, timestamps, text arrays): Npgsql's
    /// full builder roots every type it can map (geometry, ranges, network types, full-text search...), which a native
    /// AOT program that references this library then carries and loads at every start, whatever command it runs.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString) =>
        new NpgsqlSlimDataSourceBuilder(connectionString).EnableArrays().Build();

    private DurableScheduler(NpgsqlDataSource dataSource, DurableSchedulerOptions? options, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new DurableSchedulerOptions();
        if (options.Levels < 1)
        {
            throw new ArgumentException($"DurableSchedulerOptions.Levels must be at least 1; got {options.Levels}.", nameof(options));
        }

        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException($"DurableSchedulerOptions.MaxAttempts must be at least 1; got {options.MaxAttempts}.", nameof(options));
        }

        Schema = new DurableSchema(options.Schema);
        DataSource = dataSource;
        Options = options;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>The queue's settings.</summary>
    public DurableSchedulerOptions Options { get; }

    internal NpgsqlDataSource DataSource { get; }

    internal DurableSchema Schema { get; }

    /// <summary>
    /// Creates the schema and tables, or upgrades them to this library's version; returns the version now in
    /// the database. Concurrent calls from several processes are serialised by an advisory lock.
    /// </summary>
    /// <exception cref="DurableSchedulerException">The database holds a newer version than this library knows (upgrade the library).</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused a statement.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = "triosharp.migrate:" + Schema.Name });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            Schema.Sql("create schema if not exists {s}; create table if not exists {s}.schema_version (version int not null); "
                + "insert into {s}.schema_version select 0 where not exists (select 1 from {s}.schema_version)"),
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int version;
        await using (var read = new NpgsqlCommand(Schema.Sql("select version from {s}.schema_version"), connection, transaction))
        {
            version = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (version > DurableSchema.LatestVersion)
        {
            throw new DurableSchedulerException(
                $"Schema '{Schema.Name}' is at version {version}, newer than this library's {DurableSchema.LatestVersion}: upgrade TrioSharp.Scheduling.PostgreSql.");
        }

        for (var next = version + 1; next <= DurableSchema.LatestVersion; next++)
        {
            await using var migrate = new NpgsqlCommand(
                Schema.Migration(next) + Schema.Sql("; update {s}.schema_version set version = ") + next.ToString(System.Globalization.CultureInfo.InvariantCulture),
                connection,
                transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return DurableSchema.LatestVersion;
    }

    /// <summary>Adds a job and wakes idle workers; returns its id.</summary>
    /// <param name="type">The job type: the name a worker's handler is registered under.</param>
    /// <param name="payloadJson">The handler's input, as JSON.</param>
    /// <param name="priority">Its level: 1 (highest) to <see cref="DurableSchedulerOptions.Levels"/>.</param>
    /// <param name="name">An optional name for logs.</param>
    /// <param name="notBefore">The earliest time it may start; now when null.</param>
    /// <param name="maxAttempts">How many claims it may have; <see cref="DurableSchedulerOptions.MaxAttempts"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call (the job may or may not have been added).</param>
    /// <exception cref="ArgumentException">The priority, type, payload or attempts are invalid.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<long> AddAsync(
        string type, string payloadJson, int priority, string? name = null, DateTimeOffset? notBefore = null, int? maxAttempts = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(payloadJson);
        CheckPriority(priority, nameof(priority));
        CheckJson(payloadJson);
        if (maxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1.");
        }

        await using var command = DataSource.CreateCommand(Schema.Sql("""
            with j as (
                insert into {s}.jobs (type, payload, name, priority, not_before, max_attempts)
                values ($1, $2::jsonb, $3, $4, coalesce($5, now()), $6) returning id, priority),
            e as (insert into {s}.events (kind, job_id, priority) select 'added', id, priority from j)
            select id, pg_notify($7, '') from j
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = payloadJson });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = priority });
        command.Parameters.Add(new NpgsqlParameter { Value = notBefore is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = maxAttempts ?? Options.MaxAttempts });
        command.Parameters.Add(new NpgsqlParameter { Value = Schema.JobsChannel });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Cancels job <paramref name="id"/>: a pending job is removed (<c>removed</c>, then <see cref="DurableJobStatus.Cancelled"/>);
    /// a running one becomes <see cref="DurableJobStatus.Cancelling"/> (<c>stopped</c>) and its worker is notified at once
    /// and cancels its scope (within a heartbeat if the notification is lost). Cancelling a job already stopping changes nothing.
    /// </summary>
    /// <exception cref="DurableSchedulerException">No job has that id, or it has already ended.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<CancelOutcome> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(Schema.Sql("""
            with old as (select id, status from {s}.jobs where id = $1 for update),
            j as (
                update {s}.jobs set
                    status = case when jobs.status = 'pending' then 'cancelled' else 'cancelling' end,
                    ended_at = case when jobs.status = 'pending' then now() end
                from old where jobs.id = old.id and old.status in ('pending', 'running')
                returning jobs.id, old.status as was, jobs.priority, jobs.worker),
            e as (
                insert into {s}.events (kind, job_id, priority, worker)
                select case when was = 'pending' then 'removed' else 'stopped' end, id, priority, worker from j),
            n as (select pg_notify($2, id::text) from j where was = 'running'),
            m as (select pg_notify($3, '') from j where was = 'pending')
            select old.status, (select count(*) from n) + (select count(*) from m) from old
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = Schema.CancelChannel });

        // A removed job can open a lower level to workers that run levels in order (DurableWorkerOptions.LevelRuns).
        command.Parameters.Add(new NpgsqlParameter { Value = Schema.JobsChannel });
        var status = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return status switch
        {
            "pending" => CancelOutcome.Removed,
            "running" or "cancelling" => CancelOutcome.StopRequested,
            null => throw NoSuchJob(id),
            _ => throw new DurableSchedulerException($"Job {id} already ended ({status}); there is nothing to cancel."),
        };
    }

    /// <summary>Moves pending job <paramref name="id"/> to <paramref name="newPriority"/>, at the back of that level (<c>rescheduled</c>), and wakes idle workers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newPriority"/> is not a level.</exception>
    /// <exception cref="DurableSchedulerException">No job has that id, or it is not pending (running jobs cannot move: cancel and add again).</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task RescheduleAsync(long id, int newPriority, CancellationToken cancellationToken = default)
    {
        CheckPriority(newPriority, nameof(newPriority));
        await using var command = DataSource.CreateCommand(Schema.Sql("""
            with old as (select id, status from {s}.jobs where id = $1 for update),
            j as (
                update {s}.jobs set priority = $2, seq = nextval(pg_get_serial_sequence('{s}.jobs', 'seq'))
                from old where jobs.id = old.id and old.status = 'pending' returning jobs.id),
            e as (insert into {s}.events (kind, job_id, priority) select 'rescheduled', id, $2 from j),
            n as (select pg_notify($3, '') from j)
            select old.status, (select count(*) from n) from old
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = newPriority });
        command.Parameters.Add(new NpgsqlParameter { Value = Schema.JobsChannel });
        var status = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case "pending":
                return;
            case null:
                throw NoSuchJob(id);
            default:
                throw new DurableSchedulerException($"Job {id} is {status}; only a pending job can be rescheduled (cancel it and add it again to run it at another level).");
        }
    }

    /// <summary>A snapshot of job <paramref name="id"/>.</summary>
    /// <exception cref="DurableSchedulerException">No job has that id.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<DurableJobInfo> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(Schema.Sql($"select {JobColumns} from {{s}}.jobs where id = $1"));
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadJob(reader) : throw NoSuchJob(id);
    }

    /// <summary>Snapshots of jobs by id, all or those with <paramref name="status"/>, at most <paramref name="limit"/>.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<DurableJobInfo>> GetJobsAsync(DurableJobStatus? status = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(Schema.Sql($"select {JobColumns} from {{s}}.jobs where $1::text is null or status = $1 order by id limit $2"));
        command.Parameters.Add(new NpgsqlParameter { Value = status is { } s ? StatusText(s) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var jobs = new List<DurableJobInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <summary>How many jobs have each status (statuses with none are left out).</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyDictionary<DurableJobStatus, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(Schema.Sql("select status, count(*) from {s}.jobs group by status"));
        var counts = new Dictionary<DurableJobStatus, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[ParseStatus(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Events with an id above <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>; optionally only those of one job.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<IReadOnlyList<DurableEvent>> GetEventsAsync(long afterId = 0, int limit = 1000, long? jobId = null, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(Schema.Sql(
            "select id, at, kind, job_id, priority, worker, detail from {s}.events where id > $1 and ($3::bigint is null or job_id = $3) order by id limit $2"));
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = jobId is { } j ? j : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var events = new List<DurableEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new DurableEvent(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return events;
    }

    /// <summary>Closes the connections if this client created them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static DurableJobStatus ParseStatus(string text) => text switch
    {
        "pending" => DurableJobStatus.Pending,
        "running" => DurableJobStatus.Running,
        "cancelling" => DurableJobStatus.Cancelling,
        "completed" => DurableJobStatus.Completed,
        "failed" => DurableJobStatus.Failed,
        "cancelled" => DurableJobStatus.Cancelled,
        _ => throw new DurableSchedulerException($"Unknown job status '{text}' in the database: is the library older than the schema?"),
    };

    internal static string StatusText(DurableJobStatus status) => status.ToString().ToLowerInvariant();

    private static DurableSchedulerException NoSuchJob(long id) => new($"There is no job {id} in this queue (check the id and --schema).");

    private static void CheckJson(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The payload is not valid JSON: {e.Message}", nameof(json), e);
        }
    }

    private static DurableJobInfo ReadJob(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt32(4),
        ParseStatus(reader.GetString(5)),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.GetFieldValue<string[]>(14));

    private void CheckPriority(int priority, string parameter)
    {
        if (priority < 1 || priority > Options.Levels)
        {
            throw new ArgumentOutOfRangeException(parameter, priority, $"Priority {priority} is outside this queue's levels: use 1 (highest) to {Options.Levels} (lowest).");
        }
    }
}
