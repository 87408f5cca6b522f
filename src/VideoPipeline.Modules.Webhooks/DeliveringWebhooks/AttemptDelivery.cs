using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Wolverine.Runtime.Handlers;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// A delivery's attempt whose turn came, sent by this node's <see cref="TurnDispatcher"/> to its own run queue. Never
/// persisted as a message: its row in the turns is what survives a crash. Its lane is its endpoint.
/// </summary>
public sealed record AttemptDelivery(Guid DeliveryId, Guid EndpointId, Guid Ticket, string OwnerId) : ITurn
{
    [JsonIgnore]
    public Guid TurnId => Ticket;

    [JsonIgnore]
    public string Lane => EndpointId.ToString("N");
}

public static class AttemptDeliveryHandler
{
    /// <summary>
    /// A receiver's failures are recorded results, never exceptions. What throws is the service's own side (the database,
    /// or a redelivery that won the race for the delivery document): nothing of the attempt is committed, and it is tried
    /// again, then dead-lettered (<see cref="TurnRuns"/>); a replaced ticket ends it at the next try.
    /// </summary>
    public static void Configure(HandlerChain chain) => TurnRuns.RetryThenDeadLetter(chain);

    /// <summary>
    /// One attempt, recorded on the delivery with the next one scheduled (it enters the turns again when due) and the turn
    /// ended, in the same commit.
    /// </summary>
    public static Task<OutgoingMessages> Handle(
        AttemptDelivery message, Envelope envelope, IDocumentSession session, WebhookSender sender, DeliverySlots queue, FairTurns turns, WebhooksOptions options,
        TimeProvider clock, ILogger<WebhookDelivery> logger, CancellationToken ct) =>
        TurnRuns.RunAsync(queue, turns, message.Ticket, envelope, async () =>
        {
            turns.End(session, DeliverySlots.QueueName, message.Ticket);
            var next = new OutgoingMessages();
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

            var at = clock.GetUtcNow();
            var outcome = await sender.SendAsync(endpoint, delivery, at, ct);
            var retryIn = delivery.Record(outcome, at, options);
            session.Store(delivery);
            logger.LogInformation("Webhook {EventType} {EventId} to endpoint {EndpointId}, attempt {Attempt}: {Outcome} ({Status})",
                delivery.EventType, delivery.EventId, endpoint.Id, delivery.Attempts.Count, outcome.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? outcome.Error, delivery.Status);
            if (retryIn is { } wait)
            {
                next.Delay(new DeliverWebhook(delivery.Id, endpoint.Id, delivery.Ticket, endpoint.OwnerId), wait);
            }

            return next;
        });
}
