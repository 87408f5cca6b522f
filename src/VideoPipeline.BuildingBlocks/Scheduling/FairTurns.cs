using System.Text.Json;
using Marten;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Quotas;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>A job whose turn came: its key, its owner, and the run message it was admitted with (JSON of its queue's <see cref="SharedSlots.RunMessage"/>).</summary>
public sealed record ClaimedTurn(Guid TurnId, string OwnerId, string Payload);

/// <summary>
/// The jobs waiting and running on every node, of every shared queue, one row per job: where the fair choice is made. A
/// job is admitted by the handler of its durable message, in the transaction that marks that message handled, so it is
/// never lost; a node claims the next one of a queue under that queue's advisory lock (the choices of the cluster are
/// made one at a time, each seeing every claim before it), holds it under a lease it renews, and deletes the row when the
/// job has ended for good. A job whose lease ran out (its node died, or its run failed on the service's side) is waiting again.
/// </summary>
public sealed class FairTurns(NpgsqlDataSource database, ClusterAnnouncer announcer)
{
    public const string Schema = "scheduling";
    public const string TurnsTable = Schema + ".turns";
    public const string OwnersTable = Schema + ".turn_owners";

    /// <summary>Every node listens here: a job was admitted, a slot was freed, or an owner was reinstated.</summary>
    public const string Channel = "videopipeline_turns";

    private const int ChoiceLock = 0x7475726e; // "turn", with the queue's name hashed as the second key

    /// <summary>The tables, added once to the schema objects Marten creates and migrates, whichever module asks first.</summary>
    public static void AddTo(StoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var table in Tables())
        {
            if (!store.Storage.ExtendedSchemaObjects.Any(o => o.Identifier.QualifiedName == table.Identifier.QualifiedName))
            {
                store.Storage.ExtendedSchemaObjects.Add(table);
            }
        }
    }

    private static IEnumerable<Table> Tables()
    {
        var turns = new Table(new PostgresqlObjectName(Schema, "turns", SchemaUtils.IdentifierUsage.General));
        turns.AddColumn<string>("queue").AsPrimaryKey();
        turns.AddColumn<Guid>("turn_id").AsPrimaryKey();
        turns.AddColumn<string>("owner_id").NotNull();
        turns.AddColumn<string>("lane").NotNull();
        turns.AddColumn<string>("payload").NotNull();
        turns.AddColumn<DateTimeOffset>("queued_at").NotNull();
        turns.AddColumn<string>("node");
        turns.AddColumn<DateTimeOffset>("lease_until");
        // Each lane's jobs in their order: the choice reads the oldest waiting job of each lane, not every waiting row.
        turns.Indexes.Add(new IndexDefinition("turns_by_lane") { Columns = ["queue", "owner_id", "lane", "queued_at", "turn_id"] });
        // The claimed jobs, for what each owner and lane has running.
        turns.Indexes.Add(new IndexDefinition("turns_claimed") { Columns = ["queue", "lease_until"], Predicate = "lease_until is not null" });
        yield return turns;
        var owners = new Table(new PostgresqlObjectName(Schema, "turn_owners", SchemaUtils.IdentifierUsage.General));
        owners.AddColumn<string>("queue").AsPrimaryKey();
        owners.AddColumn<string>("owner_id").AsPrimaryKey();
        owners.AddColumn<DateTimeOffset>("last_started_at").NotNull();
        yield return owners;
    }

    /// <summary>Queues the job in the session's transaction (a job already waiting or running under that key stays as it is); the nodes are woken once it commits.</summary>
    public void Admit(IDocumentSession session, string queue, ITurn run)
    {
        Queue(session, queue, run);
        Wake(session);
    }

    /// <summary>
    /// Queues the job in the transaction of <paramref name="operations"/> (a job already waiting or running under that key
    /// stays as it is), without waking the nodes: for an inline projection, whose module wakes them after the commit.
    /// </summary>
    public static void Queue(IDocumentOperations operations, string queue, ITurn run)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(run);
        operations.QueueSqlCommand(
            $"insert into {TurnsTable} (queue, turn_id, owner_id, lane, payload, queued_at) values (?, ?, ?, ?, ?, clock_timestamp()) on conflict (queue, turn_id) do nothing",
            queue, run.TurnId, run.OwnerId, run.Lane, JsonSerializer.Serialize(run, run.GetType()));
    }

    /// <summary>The job ended for good, in the session's transaction (committed with what the job recorded): its row goes, and the nodes hear a slot is free once it commits.</summary>
    public void End(IDocumentSession session, string queue, Guid turnId)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.QueueSqlCommand($"delete from {TurnsTable} where queue = ? and turn_id = ?", queue, turnId);
        Wake(session);
    }

    /// <summary>
    /// Every node's dispatcher looks for work once the session's transaction commits: announced after the commit, one
    /// notification per node at a time (<see cref="ClusterAnnouncer"/>), so admissions never take the notification lock.
    /// </summary>
    public void Wake(IDocumentSession session) => announcer.AfterCommit(session, Channel);

    /// <summary>
    /// Claims the job the next free slot of <paramref name="queue"/> goes to (<see cref="FairChoice"/>) for
    /// <paramref name="node"/>, or null when none may start now.
    /// </summary>
    public async Task<ClaimedTurn?> ClaimNextAsync(SharedSlots queue, string node, IReadOnlySet<string> suspended, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queue);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "select pg_advisory_xact_lock($1, hashtext($2))", ct, ChoiceLock, queue.Name);
        var waiting = await WaitingOwnersAsync(connection, queue, ct);
        if (FairChoice.Next(waiting, queue.Policy, suspended, queue.PerLane) is not { } turnId)
        {
            await transaction.CommitAsync(ct);
            return null;
        }

        ClaimedTurn? claimed = null;
        await using (var claim = Command(connection,
            $"update {TurnsTable} set node = $3, lease_until = now() + $4 where queue = $1 and turn_id = $2 returning owner_id, payload",
            queue.Name, turnId, node, queue.Policy.Lease))
        await using (var row = await claim.ExecuteReaderAsync(ct))
        {
            if (await row.ReadAsync(ct))
            {
                claimed = new ClaimedTurn(turnId, row.GetString(0), row.GetString(1));
            }
        }

        if (claimed is not null)
        {
            await ExecuteAsync(connection,
                $"insert into {OwnersTable} (queue, owner_id, last_started_at) values ($1, $2, clock_timestamp()) " +
                "on conflict (queue, owner_id) do update set last_started_at = excluded.last_started_at", ct, queue.Name, claimed.OwnerId);
        }

        await transaction.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Keeps this node's claims on the jobs of <paramref name="queue"/> it has in hand.</summary>
    public async Task RenewAsync(SharedSlots queue, string node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var inHand = queue.InHand;
        if (inHand.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"update {TurnsTable} set lease_until = now() + $4 where queue = $1 and node = $2 and turn_id = any($3)", ct,
            queue.Name, node, inHand.ToArray(), queue.Policy.Lease);
    }

    /// <summary>The job ended for good, outside any transaction of its own: its row goes, and the nodes hear a slot is free.</summary>
    public async Task ReleaseAsync(string queue, Guid turnId, CancellationToken ct)
    {
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            await ExecuteAsync(connection, $"delete from {TurnsTable} where queue = $1 and turn_id = $2", ct, queue, turnId);
        }

        announcer.Announce(Channel);
    }

    /// <summary>A node that starts again gives back what it held before it stopped, without waiting for the leases to run out, and wakes the nodes.</summary>
    public async Task ReleaseClaimsOfAsync(string node, CancellationToken ct)
    {
        await using (var connection = await database.OpenConnectionAsync(ct))
        {
            await ExecuteAsync(connection, $"update {TurnsTable} set node = null, lease_until = null where node = $1", ct, node);
        }

        announcer.Announce(Channel);
    }

    /// <summary>
    /// The oldest waiting job (never claimed, or its claim lapsed) of each owner's lane, with what the owner and the lane
    /// have running, when the owner was last served and its own cap. However many jobs wait, it reads a few index entries
    /// per lane: the lanes are found by skipping through <c>turns_by_lane</c> (one probe each), then each lane's first waiting
    /// job in its order, and the running jobs through <c>turns_claimed</c>.
    /// </summary>
    private static async Task<List<WaitingOwner>> WaitingOwnersAsync(NpgsqlConnection connection, SharedSlots queue, CancellationToken ct)
    {
        await using var query = Command(connection,
            $"""
             with recursive lanes(owner_id, lane) as (
               (select owner_id, lane from {TurnsTable} where queue = $1 order by owner_id, lane limit 1)
               union all
               select next.owner_id, next.lane from lanes l, lateral (
                 select t.owner_id, t.lane from {TurnsTable} t
                 where t.queue = $1 and (t.owner_id, t.lane) > (l.owner_id, l.lane) order by t.owner_id, t.lane limit 1) next),
             running as (
               select owner_id, lane, count(*)::int as n from {TurnsTable} where queue = $1 and lease_until is not null and lease_until >= now() group by owner_id, lane),
             waiting as (
               select l.owner_id, l.lane, first.turn_id, first.queued_at from lanes l, lateral (
                 select t.turn_id, t.queued_at from {TurnsTable} t
                 where t.queue = $1 and t.owner_id = l.owner_id and t.lane = l.lane and (t.lease_until is null or t.lease_until < now())
                 order by t.queued_at, t.turn_id limit 1) first)
             select w.owner_id, w.turn_id, w.queued_at,
                    coalesce((select sum(r.n) from running r where r.owner_id = w.owner_id), 0)::int,
                    o.last_started_at, w.lane,
                    coalesce((select r.n from running r where r.owner_id = w.owner_id and r.lane = w.lane), 0),
                    l.value
             from waiting w
             left join {OwnersTable} o on o.queue = $1 and o.owner_id = w.owner_id
             left join {QuotaSchema.OwnerLimits} l on l.owner_id = w.owner_id and l.quota = $2
             """, queue.Name, queue.OwnerCapLimit);
        await using var rows = await query.ExecuteReaderAsync(ct);
        var waiting = new List<WaitingOwner>();
        while (await rows.ReadAsync(ct))
        {
            waiting.Add(new WaitingOwner(rows.GetString(0), rows.GetGuid(1), rows.GetFieldValue<DateTimeOffset>(2), rows.GetInt32(3),
                await rows.IsDBNullAsync(4, ct) ? null : rows.GetFieldValue<DateTimeOffset>(4), rows.GetString(5), rows.GetInt32(6),
                await rows.IsDBNullAsync(7, ct) ? null : (int)Math.Min(int.MaxValue, rows.GetInt64(7))));
        }

        return waiting;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync(ct);
    }
}
