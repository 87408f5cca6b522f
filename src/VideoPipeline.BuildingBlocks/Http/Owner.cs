using System.Security.Claims;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>The owner an API key maps to, as the authentication handler puts it on the principal.</summary>
public static class Owner
{
    public const string ClaimType = "videopipeline:owner";
    public const string AdminRole = "videopipeline:admin";

    public static string OwnerId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimType) ?? throw new InvalidOperationException("The request is not authenticated with an API key.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);
}
