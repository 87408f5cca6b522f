using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;

namespace VideoPipeline.BuildingBlocks.Streaming;

/// <summary>
/// How a request waiting for a growing playlist (an LL-HLS blocking reload, a hinted part) hears that it grew, whichever
/// node published it: the publishing node stores the playlist, then sends <c>pg_notify</c> with the playlist's storage
/// key on a connection of its own, outside any transaction (<see cref="AnnounceAsync"/>); every node hears it through
/// its one <see cref="ClusterListener"/> and wakes the requests waiting on that key (<see cref="NextChange"/>). A notification only says "read it again": what the
/// playlist holds is always read from storage, so one lost (a dropped connection, a node killed between its store and
/// its notification) costs a waiting request its wait, never a wrong answer.
/// </summary>
public sealed class PlaylistChanges(NpgsqlDataSource database, ILogger<PlaylistChanges> logger) : INotificationSubscriber
{
    public const string ChannelName = "videopipeline_playlists";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public string Channel => ChannelName;

    /// <summary>
    /// Completes at the next announcement of <paramref name="playlistKey"/> (from any node) or when this node may have
    /// missed one (its listening connection was lost). Take it before reading the playlist, so a change between the
    /// read and the wait is not missed.
    /// </summary>
    public Task NextChange(string playlistKey) =>
        _waiting.GetOrAdd(playlistKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Tells every node that the playlist stored at <paramref name="playlistKey"/> changed; a failure is logged, not thrown
    /// (the playlist is stored). Sent at once with the key as payload, not merged like <see cref="ClusterAnnouncer"/>'s
    /// wake-ups: the waiting requests are found by key.
    /// </summary>
    public async Task AnnounceAsync(string playlistKey, CancellationToken ct)
    {
        try
        {
            await using var notify = database.CreateCommand($"select pg_notify('{ChannelName}', $1)");
            notify.Parameters.Add(new NpgsqlParameter { Value = playlistKey });
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
        {
            logger.LogWarning("Playlist changes: could not announce {Key} ({Error}); requests waiting on it are answered at their bound", playlistKey, failure.Message);
        }
    }

    public void Notified(string payload) => Wake(payload);

    /// <summary>Whatever was announced while this node was not listening: everyone waiting reads again.</summary>
    public Task ListeningAsync(CancellationToken ct)
    {
        WakeAll();
        return Task.CompletedTask;
    }

    public void StoppedListening() => WakeAll();

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
}
