using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Webhooks;

/// <summary>
/// How many endpoints each owner has, as one counter row per owner that the database changes atomically: a registration
/// takes a slot with a conditional <c>UPDATE ... WHERE used &lt; limit</c> in the transaction that stores the endpoint, and a
/// removal gives it back in the transaction that deletes it. Concurrent registrations, on one node or several, queue on
/// the owner's row, so a burst gets exactly the slots that are free and never one more.
/// </summary>
internal static class EndpointQuota
{
    public const string TableName = WebhooksModule.Schema + ".endpoint_quotas";

    /// <summary>The counters' table, created and migrated with the module's documents.</summary>
    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(WebhooksModule.Schema, "endpoint_quotas", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("owner_id").AsPrimaryKey();
        table.AddColumn<int>("used").NotNull();
        return table;
    }

    /// <summary>
    /// Takes one of the owner's slots in the session's transaction, which holds the owner's row until it commits or rolls
    /// back; false when all <paramref name="limit"/> are in use. An owner's first registration seeds the counter with the
    /// endpoints stored before counters existed.
    /// </summary>
    public static async Task<bool> TryTakeAsync(IDocumentSession session, string ownerId, int limit, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var existing = await session.Query<WebhookEndpoint>().CountAsync(e => e.OwnerId == ownerId, ct);
        await using var take = session.Connection!.CreateCommand();
        take.CommandText =
            $"insert into {TableName} as q (owner_id, used) select $1, $2 + 1 where $2 < $3 " +
            "on conflict (owner_id) do update set used = q.used + 1 where q.used < $3 returning q.used";
        take.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ownerId });
        take.Parameters.Add(new Npgsql.NpgsqlParameter { Value = existing });
        take.Parameters.Add(new Npgsql.NpgsqlParameter { Value = limit });
        return await take.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Gives a slot back, in the transaction that removes the endpoint.</summary>
    public static IMartenOp Release(string ownerId) => new ReleaseSlot(ownerId);

    private sealed record ReleaseSlot(string OwnerId) : IMartenOp
    {
        public void Execute(IDocumentSession session) =>
            session.QueueSqlCommand($"update {TableName} set used = used - 1 where owner_id = ? and used > 0", OwnerId);
    }
}
