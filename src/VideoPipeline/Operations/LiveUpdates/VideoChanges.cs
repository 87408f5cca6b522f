using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using VideoPipeline.Auth;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>One event appended to a video's stream, as the dashboard hears of it; <paramref name="Sequence"/> is its place in the whole event store.</summary>
public sealed record VideoChange(Guid VideoId, string Type, long Sequence, DateTimeOffset Timestamp);

/// <summary>What a resume replays: the changes missed, or, when it reaches back too far, the sequence to start again from.</summary>
public sealed record Replay(IReadOnlyList<VideoChange> Missed, long? ResetAt);

/// <summary>
/// This node's listeners of <c>GET /videos/changes</c>: every committed video event, whichever node committed it
/// (<see cref="CommittedChanges"/> hears them all), goes to the listeners allowed to see it (the video's owner, and
/// admins). A listener that reads too slowly loses its oldest changes, never slows the service.
/// </summary>
public sealed class VideoChanges(IDocumentStore store)
{
    private const int OwnersRemembered = 10_000;
    private readonly ConcurrentDictionary<Guid, Listener> _listeners = new();
    private readonly ConcurrentDictionary<Guid, string> _owners = new();

    public (Guid Id, ChannelReader<VideoChange> Changes) Listen(string ownerId, bool isAdmin)
    {
        var listener = new Listener(ownerId, isAdmin, Channel.CreateBounded<VideoChange>(
            new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }));
        var id = Guid.NewGuid();
        _listeners[id] = listener;
        return (id, listener.Channel.Reader);
    }

    public void Stop(Guid listenerId)
    {
        if (_listeners.TryRemove(listenerId, out var listener))
        {
            listener.Channel.Writer.TryComplete();
        }
    }

    /// <summary>Hands one committed change to the listeners allowed to see it.</summary>
    public async Task PublishAsync(VideoChange change, string? ownerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_listeners.IsEmpty)
        {
            return;
        }

        var owner = await OwnerOfAsync(change.VideoId, ownerId, ct);
        foreach (var listener in _listeners.Values.Where(l => l.IsAdmin || l.OwnerId == owner))
        {
            listener.Channel.Writer.TryWrite(change);
        }
    }

    /// <summary>
    /// What a client that reconnects with <c>Last-Event-ID</c> <paramref name="afterSequence"/> missed: the changes it may
    /// see among the at most <paramref name="window"/> events the store committed after it, oldest first. An id further
    /// back than the window, or beyond the store's last event, is answered with <see cref="Replay.ResetAt"/> (the store's
    /// last sequence) instead: the client must fetch the list again. Either way no more than the window is read.
    /// </summary>
    public async Task<Replay> ReplayAsync(long afterSequence, string ownerId, bool isAdmin, int window, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (afterSequence > last || last - afterSequence > window)
        {
            return new Replay([], last);
        }

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > afterSequence && e.Sequence <= last)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var owners = isAdmin
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<VideoOwner>(ct, events.Select(e => e.StreamId).Distinct())).ToDictionary(o => o.Id, o => o.OwnerId);
        var missed = events
            .Where(e => isAdmin || owners.GetValueOrDefault(e.StreamId) == ownerId)
            .Select(e => new VideoChange(e.StreamId, e.Data.GetType().Name, e.Sequence, e.Timestamp))
            .ToList();
        return new Replay(missed, null);
    }

    private async Task<string?> OwnerOfAsync(Guid videoId, string? ownerId, CancellationToken ct)
    {
        if (ownerId is null && _owners.TryGetValue(videoId, out var known))
        {
            return known;
        }

        if (ownerId is null)
        {
            await using var session = store.QuerySession();
            ownerId = (await session.LoadAsync<VideoOwner>(videoId, ct))?.OwnerId;
        }

        if (ownerId is not null)
        {
            if (_owners.Count >= OwnersRemembered)
            {
                _owners.Clear();
            }

            _owners[videoId] = ownerId;
        }

        return ownerId;
    }

    private sealed record Listener(string OwnerId, bool IsAdmin, Channel<VideoChange> Channel);
}
