namespace VideoPipeline.Modules.Tenants.ListingPlaybackRestrictions;

/// <summary>An owner's playback restrictions, oldest first.</summary>
public sealed record ListPlaybackRestrictions(string OwnerId);

public static class ListPlaybackRestrictionsHandler
{
    public static async Task<Answer> Handle(ListPlaybackRestrictions query, IQuerySession session, CancellationToken ct)
    {
        var restrictions = await session.Query<StoredPlaybackRestriction>().Where(r => r.OwnerId == query.OwnerId).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        return Answer.Ok(restrictions.Select(PlaybackRestrictionView.From).ToList());
    }
}

internal sealed class ListPlaybackRestrictionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/playback-restrictions", (HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new ListPlaybackRestrictions(http.User.OwnerId()), http.RequestAborted))
            .WithTags("Signed playback")
            .WithSummary("Your playback restrictions.")
            .Produces<IReadOnlyList<PlaybackRestrictionView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
