using System.Text.Json;
using Npgsql;

namespace VideoPipeline.Modules.Live.EndingBroadcasts;

/// <summary>
/// A publisher to drop is on the ingest server of the node that took it, which may not be the node handling this durable
/// message: it is announced to every node (<see cref="PublisherDrops"/>), and the one named drops it. The announcement
/// goes out once the message is handled; a failure to send it is retried like any handler's.
/// </summary>
public static class DropPublisherHandler
{
    public static async Task Handle(DropPublisher message, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var notify = database.CreateCommand($"select pg_notify('{PublisherDrops.ChannelName}', $1)");
        notify.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message) });
        await notify.ExecuteNonQueryAsync(ct);
    }
}
