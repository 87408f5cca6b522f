namespace VideoPipeline.Modules.Tenants.GetOwner;

public sealed record GetOwner(string Id);

public static class GetOwnerHandler
{
    public static async Task<Answer> Handle(GetOwner query, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<TenantOwner>(query.Id, ct) is { } owner ? Answer.Ok(OwnerView.From(owner)) : Owners.NotFound;
}

internal sealed class GetOwnerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapGet("/owners/{id}", (string id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new GetOwner(id), ct))
            .WithSummary("One owner, with its status and limit overrides.")
            .Produces<OwnerView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
