using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using VideoPipeline.Auth;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>One event appended to a video's stream, as the dashboard hears of it; <paramref name="Sequence"/> is its place in the whole event store.</summary>
public sealed record VideoChange(Guid VideoId, string Type, long Sequence, DateTimeOffset Timestamp);

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
    /// The changes committed after <paramref name="afterSequence"/> that the caller may see, oldest first, at most
    /// <paramref name="limit"/>: what a client that reconnects with <c>Last-Event-ID</c> missed.
    /// </summary>
    public async Task<IReadOnlyList<VideoChange>> SinceAsync(long afterSequence, string ownerId, bool isAdmin, int limit, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var missed = new List<VideoChange>();
        const int page = 500;
        while (missed.Count < limit)
        {
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > afterSequence)
                .OrderBy(e => e.Sequence)
                .Take(page)
                .ToListAsync(ct);
            if (events.Count == 0)
            {
                break;
            }

            var owners = isAdmin
                ? new Dictionary<Guid, string>()
                : (await session.LoadManyAsync<VideoOwner>(ct, events.Select(e => e.StreamId).Distinct())).ToDictionary(o => o.Id, o => o.OwnerId);
            missed.AddRange(events
                .Where(e => isAdmin || owners.GetValueOrDefault(e.StreamId) == ownerId)
                .Select(e => new VideoChange(e.StreamId, e.Data.GetType().Name, e.Sequence, e.Timestamp)));
            afterSequence = events[^1].Sequence;
        }

        return missed.Take(limit).ToList();
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
