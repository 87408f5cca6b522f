using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Marten.Services;
using VideoPipeline.Auth;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>One event appended to a video's stream, as the dashboard hears of it.</summary>
public sealed record VideoChange(Guid VideoId, string Type, long Sequence, DateTimeOffset Timestamp);

/// <summary>
/// Fans every committed video event out to the connected listeners allowed to see it (the video's owner, and admins).
/// A listener that reads too slowly loses its oldest changes, never slows the service.
/// </summary>
public sealed class VideoChanges : DocumentSessionListenerBase
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

    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(commit);
        if (_listeners.IsEmpty)
        {
            return;
        }

        foreach (var @event in commit.GetEvents())
        {
            var owner = await OwnerOfAsync(session, @event.StreamId, @event.Data, token);
            var change = new VideoChange(@event.StreamId, @event.Data.GetType().Name, @event.Sequence, @event.Timestamp);
            foreach (var listener in _listeners.Values.Where(l => l.IsAdmin || l.OwnerId == owner))
            {
                listener.Channel.Writer.TryWrite(change);
            }
        }
    }

    private async Task<string?> OwnerOfAsync(IDocumentSession session, Guid videoId, object data, CancellationToken ct)
    {
        if (_owners.TryGetValue(videoId, out var known))
        {
            return known;
        }

        var owner = data is UploadRequested requested
            ? requested.OwnerId
            : (await session.LoadAsync<VideoOwner>(videoId, ct))?.OwnerId;
        if (owner is not null)
        {
            if (_owners.Count >= OwnersRemembered)
            {
                _owners.Clear();
            }

            _owners[videoId] = owner;
        }

        return owner;
    }

    private sealed record Listener(string OwnerId, bool IsAdmin, Channel<VideoChange> Channel);
}
