using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Webhooks.Notifying;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Webhooks.RemovingWebhooks;

/// <summary>The owner removes an endpoint; its deliveries go with it, nothing more is sent to it, and its slot is free again.</summary>
public sealed record RemoveWebhook(Guid EndpointId, string OwnerId);

public static class RemoveWebhookHandler
{
    public static Task<WebhookEndpoint?> LoadAsync(RemoveWebhook command, IQuerySession session, CancellationToken ct) =>
        OwnedEndpoint.LoadAsync(session, command.EndpointId, command.OwnerId, ct);

    /// <summary>Every node hears that the owner's endpoints changed once it commits (it may have none left).</summary>
    public static (Answer, IMartenOp, IMartenOp, IMartenOp, IMartenOp) Handle(RemoveWebhook command, WebhookEndpoint? endpoint) =>
        endpoint is null
            ? (OwnedEndpoint.NotFound, MartenOps.Nothing(), MartenOps.Nothing(), MartenOps.Nothing(), MartenOps.Nothing())
            : (Answer.NoContent, MartenOps.Delete(endpoint), MartenOps.DeleteWhere<WebhookDelivery>(d => d.EndpointId == endpoint.Id),
                QuotaLedger.Release(QuotaSubject.WebhookEndpoint(endpoint.Id), QuotaNames.WebhookEndpoints), OwnersWithEndpoints.Changed(endpoint.OwnerId));
}

internal sealed class RemoveWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Delete, "/webhooks/{id:guid}", (id, owner) => new RemoveWebhook(id, owner))
            .WithTags("Webhooks")
            .WithSummary("Remove an endpoint and its deliveries.")
            .Produces(StatusCodes.Status204NoContent);
}
