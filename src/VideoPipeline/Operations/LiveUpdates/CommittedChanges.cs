using System.Threading.Channels;
using Npgsql;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// How every node hears every committed video event, without any writing transaction taking PostgreSQL's notification
/// lock (held by a notifying transaction until its commit is flushed, so notifying commits go one at a time): after a
/// commit that appended events, the node's <see cref="ChangeAnnouncer"/> sends one <c>NOTIFY</c> of its own, outside
/// the transaction, for however many commits happened meanwhile. Every node <c>LISTEN</c>s here and, on each
/// notification, reads what was committed since its last read from the event store by sequence
/// (<see cref="CommittedEvents"/>). So a change is handed on once per node and only once committed, and a notification
/// that never came (a lost connection, a node killed between its commit and its announcement) is made up by the next
/// one, from any node.
/// </summary>
public sealed class CommittedChanges(NpgsqlDataSource database, CommittedEvents events, ILogger<CommittedChanges> logger) : BackgroundService
{
    public const string Channel = "videopipeline_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    // However many notifications arrive while a read runs, one more read follows it.
    private readonly Channel<bool> _toRead = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reading = ReadWhenToldAsync(stoppingToken);
        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => _toRead.Writer.TryWrite(true);
                try
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    }

                    // Listening from here on. The first time, reading starts where the store is; after a lost connection,
                    // what was committed meanwhile is read now.
                    if (!started)
                    {
                        await events.StartAsync(stoppingToken);
                        started = true;
                    }

                    _toRead.Writer.TryWrite(true);
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
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Live changes: lost the connection to PostgreSQL ({Error}); listening again in {Delay}", failure.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }

        await reading;
    }

    private async Task ReadWhenToldAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var _ in _toRead.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await events.ReadAsync(ct);
                }
                catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
                {
                    // Nothing read is lost: the next notification reads from the same place.
                    logger.LogWarning("Live changes: could not read the committed events ({Error}); reading again at the next notification", failure.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
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
        catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // A connection that broke is not pooled again; there is nothing left to stop.
        }
    }
}
