using Wolverine.Attributes;
using JasperFx;
using VideoPipeline.BuildingBlocks.Tenants;
using Microsoft.Extensions.Logging;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// Durable queue message: make the attempt of a delivery that <paramref name="Ticket"/> names. <paramref name="OwnerId"/>
/// is the endpoint's owner, whose share of the node's deliveries the attempt takes (null in messages queued before it was carried).
/// </summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Webhooks.DeliverWebhook.DeliverWebhook")]
public sealed record DeliverWebhook(Guid DeliveryId, Guid EndpointId, Guid Ticket, string? OwnerId = null);

public static class DeliverWebhookHandler
{
    /// <summary>
    /// A receiver's failures are recorded results, never exceptions. What throws is the service's own side (the database):
    /// retried, then dead-lettered. Losing a race for the delivery document to a redelivery leaves the newer series in charge.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<ConcurrencyException>().Discard();
        chain.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30))
            .Then.MoveToErrorQueue();
    }

    /// <summary>
    /// One attempt, recorded on the delivery with the next one scheduled in the same commit. An endpoint, or an owner, that
    /// already has all its slots on this node is not attempted: the message comes back after one attempt's timeout, costing
    /// nothing, and the node's other slots stay free for the other owners.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(
        DeliverWebhook message, IDocumentSession session, WebhookSender sender, EndpointSlots slots, OwnerDeliverySlots ownerSlots, WebhooksOptions options,
        TimeProvider clock, OwnerWorkGate gate, ILogger<WebhookDelivery> logger, CancellationToken ct)
    {
        var next = new OutgoingMessages();
        using var ownerSlot = ownerSlots.TryTake(message.OwnerId ?? "");
        using var slot = ownerSlot is null ? null : slots.TryTake(message.EndpointId);
        if (slot is null)
        {
            next.Delay(message, options.Timeout);
            return next;
        }

        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct);
        if (delivery is null || !delivery.Awaits(message.Ticket))
        {
            return next;
        }

        var endpoint = await session.LoadAsync<WebhookEndpoint>(delivery.EndpointId, ct);
        if (endpoint is null)
        {
            return next;
        }

        if (await gate.MustWaitAsync(endpoint.OwnerId, ct))
        {
            next.Delay(message, gate.RecheckAfter);
            return next;
        }

        var at = clock.GetUtcNow();
        var outcome = await sender.SendAsync(endpoint, delivery, at, ct);
        var retryIn = delivery.Record(outcome, at, options);
        session.Store(delivery);
        logger.LogInformation("Webhook {EventType} {EventId} to endpoint {EndpointId}, attempt {Attempt}: {Outcome} ({Status})",
            delivery.EventType, delivery.EventId, endpoint.Id, delivery.Attempts.Count, outcome.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? outcome.Error, delivery.Status);
        if (retryIn is { } wait)
        {
            next.Delay(message with { Ticket = delivery.Ticket }, wait);
        }

        return next;
    }
}
