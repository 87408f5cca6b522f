using System.Text.Json;
using FluentValidation;
using Marten.Pagination;

namespace VideoPipeline.Modules.Webhooks.ListingDeliveries;

/// <summary>The query string of <c>GET /webhooks/{id}/deliveries</c>.</summary>
internal sealed record ListDeliveriesRequest(string? Status, int? Page, int? PageSize)
{
    internal sealed class Validator : AbstractValidator<ListDeliveriesRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Status).OneOf(DeliveryStatus.All);
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).PageSize();
        }
    }
}

/// <summary>An endpoint's deliveries, newest first, optionally of one status.</summary>
public sealed record ListDeliveries(Guid EndpointId, string OwnerId, string? Status, int Page, int PageSize);

/// <summary>A delivery as its owner inspects it: the body exactly as sent, and every attempt.</summary>
internal sealed record DeliveryView(
    Guid Id, Guid EventId, string EventType, string Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    IReadOnlyList<DeliveryAttempt> Attempts, JsonElement Payload)
{
    public static DeliveryView From(WebhookDelivery d)
    {
        using var payload = JsonDocument.Parse(d.Payload);
        return new(d.Id, d.EventId, d.EventType, d.Status, d.CreatedAt, d.NextAttemptAt, d.Attempts, payload.RootElement.Clone());
    }
}

internal sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, int Page, int PageSize, long TotalCount);

public static class ListDeliveriesHandler
{
    public static async Task<Answer> Handle(ListDeliveries query, IQuerySession session, CancellationToken ct)
    {
        if (await OwnedEndpoint.LoadAsync(session, query.EndpointId, query.OwnerId, ct) is null)
        {
            return OwnedEndpoint.NotFound;
        }

        var deliveries = session.Query<WebhookDelivery>().Where(d => d.EndpointId == query.EndpointId);
        if (query.Status is not null)
        {
            deliveries = deliveries.Where(d => d.Status == query.Status);
        }

        var page = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToPagedListAsync(query.Page, query.PageSize, ct);
        return Answer.Ok(new DeliveryPage(page.Select(DeliveryView.From).ToList(), query.Page, query.PageSize, page.TotalItemCount));
    }
}

internal sealed class ListDeliveriesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/webhooks/{id:guid}/deliveries", (Guid id, [AsParameters] ListDeliveriesRequest request, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new ListDeliveries(id, http.User.OwnerId(), request.Status, request.Page ?? 1, request.PageSize ?? 20), http.RequestAborted))
            .WithTags("Webhooks")
            .WithSummary("The endpoint's deliveries, newest first: status, every attempt, and the body as sent.")
            .Produces<DeliveryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
