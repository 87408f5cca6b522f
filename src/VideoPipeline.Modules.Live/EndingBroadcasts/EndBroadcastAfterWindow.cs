using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live.EndingBroadcasts;

/// <summary>The reconnect window of a connection passed (a durable scheduled message, once in the cluster).</summary>
public static class EndBroadcastAfterWindowHandler
{
    public static async Task<OutgoingMessages> Handle(
        EndBroadcastAfterWindow message, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        (await LiveStreamWrites.DecideAsync(
            session, message.LiveStreamId, stream => stream is null ? Decision.Nothing : Broadcasts.EndAfterWindow(stream, message.Connection),
            quotas, clock.GetUtcNow(), ct)).Messages;
}
