using System.Text.Json;
using Marten;
using Marten.Services;
using Npgsql;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// How every node hears every committed video event: each session that appends events also sends a PostgreSQL
/// <c>NOTIFY</c> for each of them in the same transaction (<see cref="NotifyOnCommit"/>), and every node <c>LISTEN</c>s
/// (<see cref="CommittedChanges"/>). PostgreSQL delivers a notification only once its transaction commits, and delivers
/// them in commit order, so a listener hears exactly the committed events, each video's in the order they were
/// appended. A node that lost its connection catches up from the event store by sequence before listening again.
/// </summary>
public sealed class CommittedChanges(NpgsqlDataSource database, IDocumentStore store, VideoChanges changes, ILogger<CommittedChanges> logger) : BackgroundService
{
    public const string Channel = "videopipeline_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private long _lastSequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var caughtUp = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Hear(e.Payload, stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening from here on: what was committed while this node was not (a lost connection) comes from the store.
                if (caughtUp)
                {
                    await CatchUpAsync(stoppingToken);
                }

                caughtUp = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Live changes: lost the connection to PostgreSQL ({Error}); listening again in {Delay}", failure.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    private void Hear(string payload, CancellationToken ct)
    {
        var notified = JsonSerializer.Deserialize<Notified>(payload, JsonSerializerOptions.Web);
        if (notified is null)
        {
            return;
        }

        Interlocked.Exchange(ref _lastSequence, Math.Max(Interlocked.Read(ref _lastSequence), notified.Sequence));
        // Notifications arrive one at a time on the listening connection; publishing only writes to bounded channels
        // (and at most once per video reads its owner), so waiting here keeps them in order.
        changes.PublishAsync(new VideoChange(notified.VideoId, notified.Type, notified.Sequence, notified.Timestamp), notified.OwnerId, ct)
            .GetAwaiter().GetResult();
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        var since = Interlocked.Read(ref _lastSequence);
        await using var session = store.QuerySession();
        var missed = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > since).OrderBy(e => e.Sequence).Take(10_000).ToListAsync(ct);
        foreach (var e in missed)
        {
            await changes.PublishAsync(new VideoChange(e.StreamId, e.Data.GetType().Name, e.Sequence, e.Timestamp), (e.Data as UploadRequested)?.OwnerId, ct);
            Interlocked.Exchange(ref _lastSequence, e.Sequence);
        }

        if (missed.Count > 0)
        {
            logger.LogInformation("Live changes: caught up on {Count} events committed while this node was not listening", missed.Count);
        }
    }

    /// <summary>The notification of one committed event: small, well under PostgreSQL's 8000-byte payload limit.</summary>
    internal sealed record Notified(Guid VideoId, string Type, long Sequence, DateTimeOffset Timestamp, string? OwnerId);

    /// <summary>
    /// Queues one <c>pg_notify</c> per appended event into the session's own transaction, after the append. The event's
    /// place in the store (its sequence) is only given by the database as it is inserted, so the notification is built
    /// from the event row itself, found by the event's id.
    /// </summary>
    internal sealed class NotifyOnCommit(string eventsTable) : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            ArgumentNullException.ThrowIfNull(session);
            foreach (var stream in session.PendingChanges.Streams())
            {
                foreach (var e in stream.Events)
                {
                    // Found through the stream's own index (stream id, version), then by the event's id among the stream's few events.
                    session.QueueSqlCommand(
                        "select pg_notify(?, json_build_object('videoId', e.stream_id, 'type', ?::text, 'sequence', e.seq_id, 'timestamp', e.timestamp, " +
                        $"'ownerId', nullif(?::text, ''))::text) from {eventsTable} e where e.stream_id = ? and e.id = ?",
                        Channel, e.Data.GetType().Name, (e.Data as UploadRequested)?.OwnerId ?? "", stream.Id, e.Id);
                }
            }

            return Task.CompletedTask;
        }
    }
}
