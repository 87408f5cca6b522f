using Marten;
using Npgsql;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// Reads the event store's committed events past this node's <see cref="ReadingPosition"/> and hands each one, once, to
/// <see cref="VideoChanges"/>. It is told when to read (<see cref="CommittedChanges"/>, on a notification), but what
/// it reads comes from the store by sequence: a notification missed, merged or lost with its sender costs nothing but
/// the wait for the next one.
/// </summary>
public sealed class CommittedEvents(NpgsqlDataSource database, IDocumentStore store, VideoChanges changes, TimeProvider clock) : IDisposable
{
    /// <summary>At most this many events are read at once; a read that found as many reads again at once.</summary>
    public const int ReadAtOnce = 1000;

    private readonly string _schema = store.Options.Events.DatabaseSchemaName;
    private readonly ReadingPosition _position = new(ReadingPosition.DefaultPatience);
    private readonly SemaphoreSlim _oneReader = new(1, 1);

    /// <summary>From now on, what is committed after the store's last committed event is handed on.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await _oneReader.WaitAsync(ct);
        try
        {
            await using var command = database.CreateCommand($"select coalesce(max(seq_id), 0) from {_schema}.mt_events");
            _position.StartAfter((long)(await command.ExecuteScalarAsync(ct))!);
        }
        finally
        {
            _oneReader.Release();
        }
    }

    /// <summary>Hands on everything committed since the last read, and answers how many events that was.</summary>
    public async Task<int> ReadAsync(CancellationToken ct)
    {
        await _oneReader.WaitAsync(ct);
        try
        {
            var handedOn = 0;
            while (true)
            {
                var (found, fresh) = await ReadOnceAsync(ct);
                foreach (var e in fresh)
                {
                    await changes.PublishAsync(new VideoChange(e.VideoId, e.Type, e.Sequence, e.Timestamp), e.OwnerId, ct);
                }

                handedOn += fresh.Count;
                if (found < ReadAtOnce)
                {
                    return handedOn;
                }
            }
        }
        finally
        {
            _oneReader.Release();
        }
    }

    private async Task<(int Found, List<CommittedEvent> Fresh)> ReadOnceAsync(CancellationToken ct)
    {
        // One round trip, three statements, each with its own snapshot: which transactions had ended before the read,
        // the read itself, and which had begun by its end (ReadingPosition says why both).
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"select pg_snapshot_xmin(pg_current_snapshot())::text::bigint, (select last_value from {_schema}.mt_events_sequence)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
             select seq_id, stream_id, coalesce(mt_dotnet_type, type), timestamp,
                    case when type = 'upload_requested' then data ->> 'OwnerId' end, type = 'tombstone'
             from {_schema}.mt_events
             where seq_id > $1 or seq_id = any($2)
             order by seq_id limit {ReadAtOnce}
             """)
        {
            Parameters = { new NpgsqlParameter { Value = _position.Highest }, new NpgsqlParameter { Value = _position.Gaps.ToArray() } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint"));

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var endedBefore = reader.GetInt64(0);
        var storeAt = reader.GetInt64(1);
        await reader.NextResultAsync(ct);
        var events = new List<CommittedEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(new CommittedEvent(reader.GetInt64(0), reader.GetGuid(1), TypeName(reader.GetString(2)), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var startedBefore = reader.GetInt64(0);

        if (storeAt < _position.Floor)
        {
            // The store was emptied (its sequence starts again): read it from the beginning.
            _position.StartAfter(0);
            return (ReadAtOnce, []);
        }

        var fresh = _position.Take(events.Select(e => e.Sequence).ToList(), endedBefore, startedBefore, clock.GetUtcNow()).ToHashSet();
        // Marten fills the sequences of a commit that failed with tombstones: they close gaps, and are nobody's change.
        return (events.Count, events.Where(e => fresh.Contains(e.Sequence) && !e.Tombstone).ToList());
    }

    public void Dispose() => _oneReader.Dispose();

    /// <summary><c>VideoPipeline.Contracts.UploadRequested, VideoPipeline.Contracts</c> → <c>UploadRequested</c>, as <c>Type.Name</c> has it.</summary>
    private static string TypeName(string dotnetType)
    {
        var fullName = dotnetType.Split(',')[0];
        return fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];
    }

    private sealed record CommittedEvent(long Sequence, Guid VideoId, string Type, DateTimeOffset Timestamp, string? OwnerId, bool Tombstone);
}
