using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VideoPipeline.BuildingBlocks.Streaming;

/// <summary>
/// How a request waiting for a growing playlist (an LL-HLS blocking reload, a hinted part) hears that it grew, whichever
/// node published it: the publishing node stores the playlist, then sends <c>pg_notify</c> with the playlist's storage
/// key on a connection of its own, outside any transaction (<see cref="AnnounceAsync"/>); every node <c>LISTEN</c>s and
/// wakes the requests waiting on that key (<see cref="NextChange"/>). A notification only says "read it again": what the
/// playlist holds is always read from storage, so one lost (a dropped connection, a node killed between its store and
/// its notification) costs a waiting request its wait, never a wrong answer.
/// </summary>
public sealed class PlaylistChanges(NpgsqlDataSource database, ILogger<PlaylistChanges> logger) : BackgroundService
{
    public const string Channel = "videopipeline_playlists";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Completes at the next announcement of <paramref name="playlistKey"/> (from any node) or when this node may have
    /// missed one (its listening connection was lost). Take it before reading the playlist, so a change between the
    /// read and the wait is not missed.
    /// </summary>
    public Task NextChange(string playlistKey) =>
        _waiting.GetOrAdd(playlistKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Tells every node that the playlist stored at <paramref name="playlistKey"/> changed; a failure is logged, not thrown (the playlist is stored).</summary>
    public async Task AnnounceAsync(string playlistKey, CancellationToken ct)
    {
        try
        {
            await using var notify = database.CreateCommand($"select pg_notify('{Channel}', $1)");
            notify.Parameters.Add(new NpgsqlParameter { Value = playlistKey });
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            logger.LogWarning("Playlist changes: could not announce {Key} ({Error}); requests waiting on it are answered at their bound", playlistKey, failure.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, heard) => Wake(heard.Payload);
                try
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Whatever was announced while this node was not listening: everyone waiting reads again.
                    WakeAll();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await StopListeningAsync(connection).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Playlist changes: lost the connection to PostgreSQL ({Error}); listening again in {Delay}", failure.Message, Reconnect);
                WakeAll();
                await Task.Delay(Reconnect, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Wake(string key)
    {
        if (_waiting.TryRemove(key, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    private void WakeAll()
    {
        foreach (var key in _waiting.Keys)
        {
            Wake(key);
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
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // A connection that broke is not pooled again; there is nothing left to stop.
        }
    }
}

public static class PlaylistChangesRegistration
{
    /// <summary>Registers this node's <see cref="PlaylistChanges"/> (once, however many modules ask for it) and its listening loop.</summary>
    public static IServiceCollection AddPlaylistChanges(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PlaylistChanges)))
        {
            return services;
        }

        services.AddSingleton<PlaylistChanges>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<PlaylistChanges>());
        return services;
    }
}
