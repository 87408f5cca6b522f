using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Http;

namespace VideoPipeline.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>; the key's owner becomes the principal's owner claim, an admin key
/// also gets the admin role, and every key a short key id (what rate limits count by).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ApiKeyRegistry keys,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaimType = "videopipeline:key-id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(header["Bearer ".Length..].Trim()) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim>
        {
            new(Owner.ClaimType, key.Owner),
            new(ClaimTypes.Name, key.Owner),
            new(KeyIdClaimType, key.KeyId),
        };
        if (key.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Owner.AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required.",
                Detail = "Send Authorization: Bearer <api key> with a key this service knows.",
            },
        });
    }
}

public static class ApiKeyAuthentication
{
    /// <summary>API keys from configuration (refused at start-up when malformed); every endpoint requires one unless it allows anonymous callers.</summary>
    public static WebApplicationBuilder AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadSection<ApiKeyOptions>(ApiKeyOptions.Section);
        builder.Services.AddSingleton(new ApiKeyRegistry(options));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>Plain keys in configuration are one leaked settings file away from being used; say so outside Development.</summary>
    public static void WarnAboutPlainApiKeys(this WebApplication app)
    {
        var plain = app.Services.GetRequiredService<ApiKeyRegistry>().Keys.Where(k => k.WasPlain).ToList();
        if (plain.Count > 0 && !app.Environment.IsDevelopment())
        {
            app.Logger.LogWarning(
                "{Count} API key(s) are configured in plain text (key ids {KeyIds}); configure sha256:<hex> hashes instead",
                plain.Count, string.Join(", ", plain.Select(k => k.KeyId)));
        }
    }
}
