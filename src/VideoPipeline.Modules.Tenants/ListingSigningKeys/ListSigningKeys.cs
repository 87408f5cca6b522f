namespace VideoPipeline.Modules.Tenants.ListingSigningKeys;

/// <summary>An owner's signing keys, oldest first, each with its public key only.</summary>
public sealed record ListSigningKeys(string OwnerId);

public static class ListSigningKeysHandler
{
    public static async Task<Answer> Handle(ListSigningKeys query, IQuerySession session, CancellationToken ct)
    {
        var keys = await session.Query<StoredSigningKey>().Where(k => k.OwnerId == query.OwnerId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return Answer.Ok(keys.Select(SigningKeyView.From).ToList());
    }
}

internal sealed class ListSigningKeysEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/signing-keys", (HttpContext http, IMessageBus bus) => bus.AnswerAsync(new ListSigningKeys(http.User.OwnerId()), http.RequestAborted))
            .WithTags("Signed playback")
            .WithSummary("Your signing keys (public keys only).")
            .Produces<IReadOnlyList<SigningKeyView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
