namespace VideoPipeline.Modules.Tenants;

/// <summary>The admin API: only admin keys reach it (anyone else gets 403).</summary>
internal static class AdminRoutes
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin").RequireAuthorization(policy => policy.RequireRole(Owner.AdminRole)).WithTags("Owners")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
