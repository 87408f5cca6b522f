namespace VideoPipeline.Modules.Tenants.ListingOwners;

/// <summary>Every owner stored as data, by id (owners that exist only in configuration are not listed).</summary>
public sealed record ListOwners;

public static class ListOwnersHandler
{
    public static async Task<Answer> Handle(ListOwners query, IQuerySession session, CancellationToken ct) =>
        Answer.Ok((await session.Query<TenantOwner>().OrderBy(o => o.Id).ToListAsync(ct)).Select(OwnerView.From).ToList());
}

internal sealed class ListOwnersEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapGet("/owners", (IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new ListOwners(), ct))
            .WithSummary("Every owner, with its status and limit overrides.")
            .Produces<IReadOnlyList<OwnerView>>();
}
