using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.Auth;

/// <summary>
/// What an authenticated key may reach, checked once for every route that needs a key: a suspended owner's keys reach
/// nothing, and a key reaches only the routes its scopes allow (<see cref="ApiScopes.RequiredBy"/>). Both answer 403
/// problem+json saying which.
/// </summary>
public static class KeyAccess
{
    public static IApplicationBuilder UseKeyAccess(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (await RefusalAsync(http) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    private static async Task<IResult?> RefusalAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.GetEndpoint() is not RouteEndpoint endpoint
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || http.User.IsAdmin())
        {
            return null;
        }

        var owner = http.User.OwnerId();
        if (await http.RequestServices.GetRequiredService<IOwnerStanding>().IsSuspendedAsync(owner, http.RequestAborted))
        {
            return Answer.Forbidden("The owner is suspended.", $"Owner '{owner}' is suspended: its keys are refused until an admin reinstates it.").ToHttp();
        }

        var required = ApiScopes.RequiredBy(http.Request.Method, endpoint);
        return ApiScopes.Allows(http.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaimType).Select(c => c.Value), required)
            ? null
            : Answer.Forbidden("The API key's scopes do not allow this.", $"{http.Request.Method} {endpoint.RoutePattern.RawText} needs a key with scope '{required}' (or '{ApiScopes.All}').").ToHttp();
    }
}
