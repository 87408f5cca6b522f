using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Modules.Tenants.Directory;

namespace VideoPipeline.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>, a key of configuration (every scope) or one stored as data (its scopes,
/// refused once expired or revoked); the key's owner becomes the principal's owner claim, an admin key also gets the
/// admin role, and every key a short key id (what rate limits count by) and its scopes (<see cref="KeyAccess"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ApiKeyRegistry keys,
    TenantDirectory stored,
    TimeProvider clock,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaimType = "videopipeline:key-id";

    public const string ScopeClaimType = "videopipeline:scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        if (keys.Find(presented) is { } configured)
        {
            return Success(configured.Owner, configured.KeyId, configured.IsAdmin, [ApiScopes.All]);
        }

        var hash = Modules.Tenants.StoredKey.HashOf(presented);
        if (await stored.FindKeyAsync(hash, Context.RequestAborted) is not { } key)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        if (key.HasExpired(clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The API key has expired.");
        }

        await stored.RecordUseAsync(key, Context.RequestAborted);
        return Success(key.OwnerId, hash[..12], isAdmin: false, key.Scopes);
    }

    private static AuthenticateResult Success(string owner, string keyId, bool isAdmin, IEnumerable<string> scopes)
    {
        var claims = new List<Claim>
        {
            new(Owner.ClaimType, owner),
            new(ClaimTypes.Name, owner),
            new(KeyIdClaimType, keyId),
        };
        claims.AddRange(scopes.Select(scope => new Claim(ScopeClaimType, scope)));
        if (isAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Owner.AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
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
                Detail = "Send Authorization: Bearer <api key> with a key this service knows (and that is neither revoked nor expired).",
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
