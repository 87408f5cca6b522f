using VideoPipeline.BuildingBlocks.Cluster;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.Directory;

/// <summary>
/// How every node hears that a key (an API key, a signing key) or a playback restriction was deleted or an owner's standing changed: the deciding transaction queues a
/// <c>pg_notify</c> (<see cref="Notify"/>), PostgreSQL delivers it to every node once that transaction commits, and
/// each node forgets what it cached (<see cref="TenantDirectory"/>). These are rare admin actions, and a node must never keep
/// a revoked key because the deciding node died between its commit and a notification sent after it, so only they notify
/// inside their transaction. A node that is not listening (at start, or after a lost connection of its
/// <see cref="ClusterListener"/>) does not use its cache at all, so a notification it missed cannot keep a revoked key alive.
/// </summary>
internal sealed class TenantChanges(TenantDirectory directory) : INotificationSubscriber
{
    public const string ChannelName = "videopipeline_tenants";

    public string Channel => ChannelName;

    /// <summary>Tells every node, when the session's transaction commits, to forget the key with this hash.</summary>
    public static IMartenOp KeyRevoked(string hash) => new Notify(TenantDirectory.KeyEntry(hash));

    /// <summary>Tells every node, when the session's transaction commits, to forget this signing key.</summary>
    public static IMartenOp SigningKeyDeleted(Guid id) => new Notify(TenantDirectory.SigningKeyEntry(id));

    /// <summary>Tells every node, when the session's transaction commits, to forget this playback restriction.</summary>
    public static IMartenOp RestrictionDeleted(Guid id) => new Notify(TenantDirectory.RestrictionEntry(id));

    /// <summary>Tells every node, when the session's transaction commits, that this owner's standing changed.</summary>
    public static IMartenOp StandingChanged(string ownerId) => new Notify(TenantDirectory.OwnerEntry(ownerId));

    public void Notified(string payload) => directory.Forget(payload);

    public Task ListeningAsync(CancellationToken ct)
    {
        directory.StartCaching();
        return Task.CompletedTask;
    }

    public void StoppedListening() => directory.StopCaching();

    private sealed record Notify(string Payload) : IMartenOp
    {
        public void Execute(IDocumentSession session) => session.QueueSqlCommand("select pg_notify(?, ?)", ChannelName, Payload);
    }
}
