using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Tenants.GettingOwners;

public sealed record GetOwner(string Id);

/// <summary>One owner for an admin: its standing and limit overrides, and each quota with the limit in force and what is used.</summary>
public sealed record OwnerDetail(
    string Id, string? Name, string Status, IReadOnlyDictionary<string, long> Limits, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt,
    IReadOnlyList<QuotaUse> Quotas, bool AnyAtLimit);

public static class GetOwnerHandler
{
    public static async Task<Answer> Handle(
        GetOwner query, IQuerySession session, NpgsqlDataSource database, QuotaOptions limits, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<TenantOwner>(query.Id, ct) is not { } owner)
        {
            return Owners.NotFound;
        }

        var view = OwnerView.From(owner);
        var standing = await QuotaReader.StandingAsync(database, owner.Id, limits, clock.GetUtcNow(), ct);
        return Answer.Ok(new OwnerDetail(view.Id, view.Name, view.Status, view.Limits, view.CreatedAt, view.SuspendedAt, standing.Quotas, standing.AnyAtLimit));
    }
}

internal sealed class GetOwnerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapGet("/owners/{id}", (string id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new GetOwner(id), ct))
            .WithSummary("One owner, with its status, limit overrides and each quota's limit and use.")
            .Produces<OwnerDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
