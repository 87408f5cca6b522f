using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live.EndingBroadcasts;

/// <summary>
/// The lease on a connection's reading is due (a durable scheduled message, once in the cluster): checked again later
/// while its node renews it; otherwise that node is lost and the connection ended (<see cref="Broadcasts.CheckIngest"/>).
/// A lease nobody checks again is removed.
/// </summary>
public static class CheckIngestHandler
{
    public static async Task<OutgoingMessages> Handle(CheckIngest message, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = await session.LoadAsync<IngestLease>(IngestLease.IdOf(message.LiveStreamId, message.Connection), ct);
        var decision = await LiveStreamWrites.DecideAsync(
            session, message.LiveStreamId, stream => stream is null ? Decision.Nothing : Broadcasts.CheckIngest(stream, message.Connection, lease?.Until, now),
            quotas, now, ct);
        if (lease is not null && !decision.Messages.Any(m => m is DeliveryMessage<CheckIngest>))
        {
            session.Delete(lease);
        }

        return decision.Messages;
    }
}
