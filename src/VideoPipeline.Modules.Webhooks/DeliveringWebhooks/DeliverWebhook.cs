using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// Durable queue message: a delivery's attempt that <paramref name="Ticket"/> names is due (the first, a scheduled retry,
/// a redelivery). <paramref name="OwnerId"/> is the endpoint's owner (null in messages queued before it was carried).
/// </summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Webhooks.DeliverWebhook.DeliverWebhook")]
public sealed record DeliverWebhook(Guid DeliveryId, Guid EndpointId, Guid Ticket, string? OwnerId = null);

public static class DeliverWebhookHandler
{
    /// <summary>What throws here is the database: retried, then dead-lettered.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)).Then.MoveToErrorQueue();

    /// <summary>
    /// Takes the attempt off the FIFO durable queue into the turns of the <see cref="DeliverySlots"/>, in the transaction that
    /// marks the message handled: its turn depends on its owner's share and its endpoint's attempts at once, not on its age
    /// alone, so one owner's backlog or hanging endpoints never hold another owner's delivery back.
    /// </summary>
    public static async Task Handle(DeliverWebhook message, IDocumentSession session, FairTurns turns, CancellationToken ct)
    {
        if ((message.OwnerId ?? (await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct))?.OwnerId) is not { } owner)
        {
            return;
        }

        turns.Admit(session, DeliverySlots.QueueName, new AttemptDelivery(message.DeliveryId, message.EndpointId, message.Ticket, owner));
    }
}
