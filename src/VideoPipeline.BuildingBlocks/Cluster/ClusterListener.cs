using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>
/// This node's one <c>LISTEN</c> connection for every <see cref="INotificationSubscriber"/>: each notification is handed
/// to the subscribers of its channel. When the connection is lost, every subscriber is told, and listening starts again
/// after a backoff (doubling from <see cref="FirstBackoff"/> to <see cref="LastBackoff"/>); once listening again, each
/// subscriber catches up on what it may have missed.
/// </summary>
public sealed class ClusterListener(NpgsqlDataSource database, IEnumerable<INotificationSubscriber> subscribers, ILogger<ClusterListener> logger)
    : BackgroundService
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(10);

    private readonly ILookup<string, INotificationSubscriber> _byChannel = subscribers.ToLookup(s => s.Channel, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_byChannel.Count == 0)
        {
            return;
        }

        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                try
                {
                    await using (var listen = new NpgsqlCommand(string.Concat(_byChannel.Select(c => $"LISTEN {c.Key};")), connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    }

                    foreach (var subscriber in _byChannel.SelectMany(c => c))
                    {
                        await subscriber.ListeningAsync(stoppingToken);
                    }

                    backoff = FirstBackoff;
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    await StopListeningAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
            {
                foreach (var subscriber in _byChannel.SelectMany(c => c))
                {
                    subscriber.StoppedListening();
                }

                logger.LogWarning("Cluster notifications: lost the connection to PostgreSQL ({Error}); listening again in {Delay}", failure.Message, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
            }
        }

        foreach (var subscriber in _byChannel.SelectMany(c => c))
        {
            subscriber.StoppedListening();
        }
    }

    private void Dispatch(string channel, string payload)
    {
        foreach (var subscriber in _byChannel[channel])
        {
            subscriber.Notified(payload);
        }
    }

    /// <summary>Connections are not reset when they go back to the pool, so a listening one stops listening first.</summary>
    private static async Task StopListeningAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
        {
            // A connection that broke is not pooled again; there is nothing left to stop.
        }
    }
}
