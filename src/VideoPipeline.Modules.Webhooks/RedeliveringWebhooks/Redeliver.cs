using Wolverine.Marten;
using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

namespace VideoPipeline.Modules.Webhooks.RedeliveringWebhooks;

/// <summary>The owner asks for a delivery to be sent again (after fixing the receiver): the same event id and body, a new series of attempts.</summary>
public sealed record Redeliver(Guid EndpointId, Guid DeliveryId, string OwnerId);

public sealed record RedeliveryFacts(WebhookEndpoint? Endpoint, WebhookDelivery? Delivery);

public static class RedeliverHandler
{
    public static async Task<RedeliveryFacts> LoadAsync(Redeliver command, IQuerySession session, CancellationToken ct) =>
        new(await OwnedEndpoint.LoadAsync(session, command.EndpointId, command.OwnerId, ct), await session.LoadAsync<WebhookDelivery>(command.DeliveryId, ct));

    public static (Answer, IMartenOp, OutgoingMessages) Handle(Redeliver command, RedeliveryFacts facts)
    {
        if (facts is not { Endpoint: { } endpoint, Delivery: { } delivery } || delivery.EndpointId != endpoint.Id)
        {
            return (Answer.NotFound("Delivery not found."), MartenOps.Nothing(), []);
        }

        var ticket = delivery.Redeliver();
        return (Answer.Accepted($"/webhooks/{endpoint.Id}/deliveries"), MartenOps.Store(delivery), [new DeliverWebhook(delivery.Id, endpoint.Id, ticket, endpoint.OwnerId)]);
    }
}

internal sealed class RedeliverEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver", (Guid id, Guid deliveryId, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new Redeliver(id, deliveryId, http.User.OwnerId()), http.RequestAborted))
            .WithTags("Webhooks")
            .WithSummary("Send a delivery again now: the same event id and body, retried like a new one.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
