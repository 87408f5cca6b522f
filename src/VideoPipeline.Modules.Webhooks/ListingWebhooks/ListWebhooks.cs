namespace VideoPipeline.Modules.Webhooks.ListingWebhooks;

/// <summary>The caller's endpoints, oldest first, without their secrets.</summary>
public sealed record ListWebhooks(string OwnerId);

public static class ListWebhooksHandler
{
    public static async Task<Answer> Handle(ListWebhooks query, IQuerySession session, CancellationToken ct)
    {
        var endpoints = await session.Query<WebhookEndpoint>().Where(e => e.OwnerId == query.OwnerId).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        return Answer.Ok(endpoints.Select(WebhookEndpointView.From).ToList());
    }
}

internal sealed class ListWebhooksEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/webhooks", (HttpContext http, IMessageBus bus) => bus.AnswerAsync(new ListWebhooks(http.User.OwnerId()), http.RequestAborted))
            .WithTags("Webhooks")
            .WithSummary("The caller's webhook endpoints (never their secrets).")
            .Produces<IReadOnlyList<WebhookEndpointView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
