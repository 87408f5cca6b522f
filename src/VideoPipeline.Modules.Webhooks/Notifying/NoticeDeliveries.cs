using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>One event an owner's endpoints may hear about, its body already written.</summary>
public sealed record PendingNotice(Guid Id, string Type, DateTimeOffset CreatedAt, string Payload);

/// <summary>
/// Queues the deliveries of an owner's notices in the commit of the events that caused them: one delivery per endpoint
/// that subscribed to the notice's type, and its first <see cref="DeliverWebhook"/> (the outbox). An owner known to have
/// no endpoint costs no query (<see cref="OwnersWithEndpoints"/>).
/// </summary>
public static class NoticeDeliveries
{
    public static async Task QueueAsync(IDocumentOperations operations, OwnersWithEndpoints owners, string ownerId, IReadOnlyList<PendingNotice> notices, Action<object> publish)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(publish);
        if (notices.Count == 0)
        {
            return;
        }

        var endpoints = await owners.OfAsync(operations, ownerId);
        foreach (var notice in notices)
        {
            foreach (var endpoint in endpoints.Where(e => e.Wants(notice.Type)))
            {
                var delivery = WebhookDelivery.For(endpoint, notice.Id, notice.Type, notice.CreatedAt, notice.Payload);
                operations.Store(delivery);
                publish(new DeliverWebhook(delivery.Id, endpoint.Id, delivery.Ticket, endpoint.OwnerId));
            }
        }
    }
}
