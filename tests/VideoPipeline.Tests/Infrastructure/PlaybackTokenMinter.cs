using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Alba;
using Microsoft.IdentityModel.Tokens;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>A signing key as POST /signing-keys answers it (the private key only then).</summary>
public sealed record SigningKeyDto(Guid Id, string Name, string Algorithm, string PublicKey, DateTimeOffset CreatedAt, string? PrivateKey = null);

public sealed record PlaybackRestrictionDto(Guid Id, List<string> ReferrerDomains, bool AllowNoReferrer, DateTimeOffset CreatedAt);

/// <summary>
/// Tokens as an integrator's backend signs them (with Microsoft.IdentityModel here; the README shows Node's jsonwebtoken
/// and Python's PyJWT), and the forged ones an attacker would try.
/// </summary>
public static class PlaybackTokenMinter
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token for <paramref name="videoId"/> signed with the private key (PEM) of <paramref name="keyId"/>.</summary>
    public static string Sign(
        string privateKeyPem, string algorithm, Guid keyId, Guid videoId, DateTimeOffset expiresAt, string audience = "v", Guid? restriction = null,
        bool withExpiry = true, DateTimeOffset? notBefore = null)
    {
        SecurityKey key;
        if (algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(privateKeyPem);
            key = new ECDsaSecurityKey(ec) { KeyId = keyId.ToString("D") };
        }
        else
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(privateKeyPem);
            key = new RsaSecurityKey(rsa) { KeyId = keyId.ToString("D") };
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = Claims(videoId, audience, withExpiry ? expiresAt : null, restriction, notBefore),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public static string Sign(SigningKeyDto key, Guid videoId, DateTimeOffset expiresAt, string audience = "v", Guid? restriction = null) =>
        Sign(key.PrivateKey ?? throw new ArgumentException("Only a key just created has its private key."), key.Algorithm, key.Id, videoId, expiresAt, audience, restriction);

    /// <summary>An unsigned token (<c>alg: none</c>), naming a real key.</summary>
    public static string WithoutSignature(Guid keyId, Guid videoId, DateTimeOffset expiresAt) =>
        $"{Part(new { alg = "none", typ = "JWT", kid = keyId.ToString("D") })}.{Part(Claims(videoId, "v", expiresAt, null))}.";

    /// <summary>HS256 with the key's public PEM as the HMAC secret: the classic confusion of algorithms.</summary>
    public static string HmacWithPublicKey(SigningKeyDto key, Guid videoId, DateTimeOffset expiresAt) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = Claims(videoId, "v", expiresAt, null),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key.PublicKey)) { KeyId = key.Id.ToString("D") }, SecurityAlgorithms.HmacSha256),
        });

    private static Dictionary<string, object> Claims(Guid videoId, string audience, DateTimeOffset? expiresAt, Guid? restriction, DateTimeOffset? notBefore = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = videoId.ToString("D"), ["aud"] = audience };
        if (expiresAt is { } at)
        {
            claims["exp"] = at.ToUnixTimeSeconds();
        }

        if (notBefore is { } from)
        {
            claims["nbf"] = from.ToUnixTimeSeconds();
        }

        if (restriction is { } id)
        {
            claims["playback_restriction_id"] = id.ToString("D");
        }

        return claims;
    }

    private static string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}

/// <summary>What an owner does with signing keys and restrictions, and what a player sends with a token, in the words of the contract.</summary>
public sealed class SignedPlaybackApi(VideoApi api)
{
    public async Task<SigningKeyDto> CreateSigningKeyAsync(string? algorithm = null, string key = VideoApi.DevKey) =>
        (await (await api.PostJsonAsync("/signing-keys", new { algorithm, name = "backend" }, 201, key)).ReadAsJsonAsync<SigningKeyDto>())!;

    public async Task<PlaybackRestrictionDto> CreateRestrictionAsync(string[] referrerDomains, bool allowNoReferrer = false, string key = VideoApi.DevKey) =>
        (await (await api.PostJsonAsync("/playback-restrictions", new { referrerDomains, allowNoReferrer }, 201, key)).ReadAsJsonAsync<PlaybackRestrictionDto>())!;

    /// <summary>A GET as a player on another site makes it: no API key, the token in the query, the page's Referer and Origin.</summary>
    public Task<IScenarioResult> GetAsync(string pathAndQuery, int expectedStatus, string? referrer = null, Alba.IAlbaHost? on = null) =>
        (on ?? api.Host).Scenario(x =>
        {
            var url = new Uri(new Uri("http://localhost"), pathAndQuery);
            x.Get.Url(url.AbsolutePath);
            x.ConfigureHttpContext(http => http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(url.Query));
            x.WithRequestHeader("Origin", "https://player.example");
            if (referrer is not null)
            {
                x.WithRequestHeader("Referer", referrer);
            }

            x.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>A refusal: its status, and the problem's title and detail.</summary>
    public async Task<ProblemDto> RefusedAsync(string pathAndQuery, int expectedStatus, string? referrer = null, Alba.IAlbaHost? on = null)
    {
        var answer = await GetAsync(pathAndQuery, expectedStatus, referrer, on);
        answer.Context.Response.ContentType.ShouldBe("application/problem+json");
        answer.Context.Response.Headers.AccessControlAllowOrigin.ToString().ShouldBe("*", "a refusal answers cross-origin players too");
        return (await answer.ReadAsJsonAsync<ProblemDto>())!;
    }
}
