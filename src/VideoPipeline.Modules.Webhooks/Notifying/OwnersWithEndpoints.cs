using System.Collections.Concurrent;
using VideoPipeline.BuildingBlocks.Cluster;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>
/// Which owners have no endpoint, as this node knows it, so that their videos' events cost no query: most owners never
/// register one. Registering or removing an endpoint notifies every node inside its transaction (<see cref="Changed"/>,
/// rare owner actions, like the Tenants module's revocations), so a node hears it once it commits and asks again; until the
/// notification arrives (normally well under a millisecond after the commit), a node may still take the owner for one
/// without endpoints. A node
/// that is not listening (at start, or after a lost connection of its <see cref="ClusterListener"/>) trusts nothing it
/// knew and queries every time; an answer read while a notification arrived is not kept.
/// </summary>
public sealed class OwnersWithEndpoints : INotificationSubscriber
{
    public const string ChannelName = "videopipeline_webhook_endpoints";

    // Bounds what is kept: past it, everything is forgotten and asked again.
    private const int Remembered = 100_000;

    private readonly ConcurrentDictionary<string, bool> _hasEndpoints = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _listening;

    public string Channel => ChannelName;

    /// <summary>The owner's endpoints: none without a query when the owner is known to have none.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> OfAsync(IQuerySession session, string ownerId)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_listening && _hasEndpoints.TryGetValue(ownerId, out var has) && !has)
        {
            return [];
        }

        var generation = Interlocked.Read(ref _generation);
        var endpoints = await session.Query<WebhookEndpoint>().Where(e => e.OwnerId == ownerId).ToListAsync();
        if (_listening && Interlocked.Read(ref _generation) == generation)
        {
            if (_hasEndpoints.Count >= Remembered)
            {
                _hasEndpoints.Clear();
            }

            _hasEndpoints[ownerId] = endpoints.Count > 0;
        }

        return endpoints;
    }

    /// <summary>The owner's endpoints change in this session's transaction: every node, this one included, hears it once it commits.</summary>
    public static IMartenOp Changed(string ownerId) => new Notify(ownerId);

    public void Notified(string payload) => Forget(payload);

    public Task ListeningAsync(CancellationToken ct)
    {
        ForgetAll();
        _listening = true;
        return Task.CompletedTask;
    }

    public void StoppedListening()
    {
        _listening = false;
        ForgetAll();
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _hasEndpoints.Clear();
    }

    private void Forget(string ownerId)
    {
        Interlocked.Increment(ref _generation);
        _hasEndpoints.TryRemove(ownerId, out _);
    }

    private sealed record Notify(string OwnerId) : IMartenOp
    {
        public void Execute(IDocumentSession session) => session.QueueSqlCommand("select pg_notify(?, ?)", ChannelName, OwnerId);
    }
}
