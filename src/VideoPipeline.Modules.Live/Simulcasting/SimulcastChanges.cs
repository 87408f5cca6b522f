using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Cluster;

namespace VideoPipeline.Modules.Live.Simulcasting;

/// <summary>
/// An owner added or removed a simulcast target: announced to every node once committed (a wake-up carrying nothing), and
/// each node's <see cref="SimulcastForwarders"/> looks again at the targets of the connections it forwards. What was missed
/// while this node did not listen is caught up when it listens again.
/// </summary>
public sealed class SimulcastChanges(SimulcastForwarders forwarders, IHostApplicationLifetime lifetime) : INotificationSubscriber
{
    public const string ChannelName = "videopipeline_live_simulcast";

    public string Channel => ChannelName;

    /// <summary>Announces the session's change to the targets once (and only if) it commits.</summary>
    public static void AfterCommit(ClusterAnnouncer announcer, IDocumentSession session)
    {
        ArgumentNullException.ThrowIfNull(announcer);
        announcer.AfterCommit(session, ChannelName);
    }

    public void Notified(string payload) => _ = Task.Run(() => forwarders.CatchUpAsync(lifetime.ApplicationStopping), CancellationToken.None);

    public Task ListeningAsync(CancellationToken ct) => forwarders.CatchUpAsync(ct);

    public void StoppedListening()
    {
        // Changes announced from here on are caught up in ListeningAsync.
    }
}
