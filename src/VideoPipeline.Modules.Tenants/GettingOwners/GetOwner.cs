using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Tenants.GettingOwners;

public sealed record GetOwner(string Id);

/// <summary>
/// One owner for an admin: its standing and limit overrides, each quota with the limit in force and what is used, and
/// each limit on its work (<see cref="QuotaNames.PerOwnerLimits"/>) in force.
/// </summary>
public sealed record OwnerDetail(
    string Id, string? Name, string Status, IReadOnlyDictionary<string, long> Limits, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt,
    IReadOnlyList<QuotaUse> Quotas, bool AnyAtLimit, IReadOnlyList<WorkLimit> WorkLimits);

/// <summary>A limit on an owner's work in force: the admin's override, or else the configured default.</summary>
/// <param name="Limit">Null: none (no cap).</param>
/// <param name="Overridden">Set by an admin for this owner, rather than the configured default.</param>
public sealed record WorkLimit(string Name, double? Limit, bool Overridden);

public static class GetOwnerHandler
{
    public static async Task<Answer> Handle(
        GetOwner query, IQuerySession session, NpgsqlDataSource database, QuotaOptions limits, IEnumerable<OwnerLimitDefinition> workLimits,
        TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<TenantOwner>(query.Id, ct) is not { } owner)
        {
            return Owners.NotFound;
        }

        var view = OwnerView.From(owner);
        var standing = await QuotaReader.StandingAsync(database, owner.Id, limits, clock.GetUtcNow(), ct);
        var inForce = workLimits.OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => owner.Limits.TryGetValue(d.Name, out var set) ? new WorkLimit(d.Name, set, Overridden: true) : new WorkLimit(d.Name, d.DefaultFor(owner.Id), Overridden: false));
        return Answer.Ok(new OwnerDetail(view.Id, view.Name, view.Status, view.Limits, view.CreatedAt, view.SuspendedAt, standing.Quotas, standing.AnyAtLimit, [.. inForce]));
    }
}

internal sealed class GetOwnerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapGet("/owners/{id}", (string id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new GetOwner(id), ct))
            .WithSummary("One owner, with its status, limit overrides, each quota's limit and use, and the limits on its work in force.")
            .Produces<OwnerDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
