namespace VideoPipeline.Modules.Tenants.ListingKeys;

/// <summary>An owner's keys stored as data, oldest first, without the keys themselves.</summary>
public sealed record ListKeys(string OwnerId);

public static class ListKeysHandler
{
    public static async Task<Answer> Handle(ListKeys query, IQuerySession session, CancellationToken ct)
    {
        var keys = await session.Query<StoredKey>().Where(k => k.OwnerId == query.OwnerId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return Answer.Ok(keys.Select(KeyView.From).ToList());
    }
}

internal sealed class ListKeysEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/keys", (HttpContext http, IMessageBus bus) => bus.AnswerAsync(new ListKeys(http.User.OwnerId()), http.RequestAborted))
            .WithTags("Keys")
            .WithSummary("Your API keys (never the keys themselves): name, scopes, first characters, expiry, last use.")
            .Produces<IReadOnlyList<KeyView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapAdmin().MapGet("/owners/{id}/keys", (string id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new ListKeys(id), ct))
            .WithSummary("An owner's API keys (never the keys themselves).")
            .Produces<IReadOnlyList<KeyView>>();
    }
}
