using VideoPipeline.MediaEngine;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// The transcodes waiting and running on every node, one row per video: where the fair choice is made. A job is admitted
/// by the handler of the durable <see cref="Contracts.TranscodeVideo"/> message, in the transaction that marks that message
/// handled, so it is never lost; a node claims the next one under one advisory lock (the choices of the cluster are made
/// one at a time, each seeing every claim before it), holds it under a lease it renews, and deletes the row when the job
/// has ended for good. A job whose lease ran out (its node died) is waiting again.
/// </summary>
public sealed class TranscodeTurns(NpgsqlDataSource database, ProcessingOptions options)
{
    public const string Schema = "processing";
    public const string JobsTable = Schema + ".transcode_jobs";
    public const string OwnersTable = Schema + ".transcode_owners";

    /// <summary>Every node listens here: a job was admitted, or a slot was freed.</summary>
    public const string Channel = "videopipeline_transcode_queue";

    private const long ChoiceLock = 0x7472616e73636f64; // "transcod"

    public static IEnumerable<Table> Tables()
    {
        var jobs = new Table(new PostgresqlObjectName(Schema, "transcode_jobs", SchemaUtils.IdentifierUsage.General));
        jobs.AddColumn<Guid>("video_id").AsPrimaryKey();
        jobs.AddColumn<string>("owner_id").NotNull();
        jobs.AddColumn<string>("raw_key").NotNull();
        jobs.AddColumn<DateTimeOffset>("queued_at").NotNull();
        jobs.AddColumn<string>("node");
        jobs.AddColumn<DateTimeOffset>("lease_until");
        yield return jobs;
        var owners = new Table(new PostgresqlObjectName(Schema, "transcode_owners", SchemaUtils.IdentifierUsage.General));
        owners.AddColumn<string>("owner_id").AsPrimaryKey();
        owners.AddColumn<DateTimeOffset>("last_started_at").NotNull();
        yield return owners;
    }

    /// <summary>Queues the job in the session's transaction (a job already queued or running for the video stays as it is), and wakes the nodes.</summary>
    public static void Admit(IDocumentSession session, Guid videoId, string ownerId, string rawKey)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.QueueSqlCommand(
            $"insert into {JobsTable} (video_id, owner_id, raw_key, queued_at) values (?, ?, ?, clock_timestamp()) on conflict (video_id) do nothing",
            videoId, ownerId, rawKey);
        session.QueueSqlCommand("select pg_notify(?, '')", Channel);
    }

    /// <summary>
    /// Claims the job the next free slot goes to (<see cref="FairChoice"/>) for <paramref name="node"/>, or null when none
    /// may start now.
    /// </summary>
    public async Task<RunTranscode?> ClaimNextAsync(string node, IReadOnlySet<string> suspended, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, ChoiceLock);
        var waiting = await WaitingOwnersAsync(connection, ct);
        if (FairChoice.Next(waiting, options.Fairness, suspended) is not { } videoId)
        {
            await transaction.CommitAsync(ct);
            return null;
        }

        RunTranscode? claimed = null;
        await using (var claim = new NpgsqlCommand(
            $"update {JobsTable} set node = $2, lease_until = now() + $3 where video_id = $1 returning raw_key, owner_id", connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = videoId });
            claim.Parameters.Add(new NpgsqlParameter { Value = node });
            claim.Parameters.Add(new NpgsqlParameter { Value = options.Fairness.Lease });
            await using var row = await claim.ExecuteReaderAsync(ct);
            if (await row.ReadAsync(ct))
            {
                claimed = new RunTranscode(videoId, row.GetString(0), row.GetString(1));
            }
        }

        if (claimed is not null)
        {
            await ExecuteAsync(connection,
                $"insert into {OwnersTable} (owner_id, last_started_at) values ($1, clock_timestamp()) " +
                "on conflict (owner_id) do update set last_started_at = excluded.last_started_at", ct, claimed.OwnerId);
        }

        await transaction.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Keeps this node's claims on the jobs it has in hand.</summary>
    public async Task RenewAsync(string node, IReadOnlyCollection<Guid> inHand, CancellationToken ct)
    {
        if (inHand.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"update {JobsTable} set lease_until = now() + $3 where node = $1 and video_id = any($2)", ct,
            node, inHand.ToArray(), options.Fairness.Lease);
    }

    /// <summary>The job ended for good (done, refused, or out of retries): its row goes, and the nodes hear a slot is free.</summary>
    public async Task ReleaseAsync(Guid videoId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"delete from {JobsTable} where video_id = $1", ct, videoId);
        await ExecuteAsync(connection, "select pg_notify($1, '')", ct, Channel);
        await transaction.CommitAsync(ct);
    }

    /// <summary>A node that starts again gives back what it held before it stopped, without waiting for the leases to run out.</summary>
    public async Task ReleaseClaimsOfAsync(string node, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"update {JobsTable} set node = null, lease_until = null where node = $1", ct, node);
    }

    /// <summary>Each owner with a job waiting (never claimed, or its claim lapsed), with its oldest one and its running count.</summary>
    private static async Task<List<WaitingOwner>> WaitingOwnersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand(
            $"""
             with running as (
               select owner_id, count(*)::int as n from {JobsTable} where lease_until >= now() group by owner_id),
             waiting as (
               select distinct on (owner_id) owner_id, video_id, queued_at from {JobsTable}
               where lease_until is null or lease_until < now()
               order by owner_id, queued_at, video_id)
             select w.owner_id, w.video_id, w.queued_at, coalesce(r.n, 0), o.last_started_at
             from waiting w left join running r using (owner_id) left join {OwnersTable} o using (owner_id)
             """, connection);
        await using var rows = await query.ExecuteReaderAsync(ct);
        var waiting = new List<WaitingOwner>();
        while (await rows.ReadAsync(ct))
        {
            waiting.Add(new WaitingOwner(rows.GetString(0), rows.GetGuid(1), rows.GetFieldValue<DateTimeOffset>(2), rows.GetInt32(3),
                await rows.IsDBNullAsync(4, ct) ? null : rows.GetFieldValue<DateTimeOffset>(4)));
        }

        return waiting;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
