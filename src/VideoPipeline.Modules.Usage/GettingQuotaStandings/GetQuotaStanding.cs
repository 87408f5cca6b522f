using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Usage.GettingQuotaStandings;

/// <summary>Answers <see cref="GetQuotaStanding"/>: each quota of the owner with its limit (override or default) and what is used.</summary>
public static class GetQuotaStandingHandler
{
    public static Task<QuotaStanding> Handle(GetQuotaStanding query, NpgsqlDataSource database, QuotaOptions limits, TimeProvider clock, CancellationToken ct) =>
        QuotaReader.StandingAsync(database, query.OwnerId, limits, clock.GetUtcNow(), ct);
}

internal sealed class GetQuotaStandingEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/quotas", async (string? owner, HttpContext http, IMessageBus bus) =>
                UsageAccess.OwnerFor(http.User, owner) is { } ownerId
                    ? Results.Ok(await bus.InvokeAsync<QuotaStanding>(new GetQuotaStanding(ownerId), http.RequestAborted))
                    : UsageAccess.OtherOwnersRefused.ToHttp())
            .WithTags("Usage")
            .WithSummary("The caller's quotas: each with its limit, what is used, and whether it is at or over the limit (an admin key may name ?owner=).")
            .Produces<QuotaStanding>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
