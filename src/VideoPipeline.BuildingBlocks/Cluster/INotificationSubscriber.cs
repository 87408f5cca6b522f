namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>
/// Something of this node that hears a PostgreSQL notification channel through the node's one <see cref="ClusterListener"/>.
/// A notification may be missed (the connection was lost, or the sending node died before it announced), so a subscriber
/// also catches up each time listening (re)starts.
/// </summary>
public interface INotificationSubscriber
{
    /// <summary>The channel (a plain identifier): every subscriber of the node shares one connection, whatever its channel.</summary>
    string Channel { get; }

    /// <summary>A notification arrived. Runs on the listener's loop: it must hand the work on, not do it.</summary>
    void Notified(string payload);

    /// <summary>Listening from here on (the first time, or again after a lost connection): what may have been missed is caught up now.</summary>
    Task ListeningAsync(CancellationToken ct);

    /// <summary>The connection was lost: notifications may be missed until <see cref="ListeningAsync"/> is called again.</summary>
    void StoppedListening();
}
