using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Security.Cryptography;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>What a token names before it is verified: which key to verify it with, which restriction to look up.</summary>
public sealed record TokenNames(Guid? KeyId, Guid? RestrictionId);

/// <summary>What a playback request asks a token to open: <paramref name="VideoOwner"/> is null when the video does not exist (or was deleted).</summary>
public sealed record TokenRequest(Guid VideoId, string Audience, string? VideoOwner, DateTimeOffset Now);

/// <summary>The stored state a token is judged against: its key (null: none such, or deleted) and its restriction (null: none such, or none named).</summary>
public sealed record TokenFacts(PlaybackSigningKey? Key, PlaybackRestriction? Restriction);

/// <summary>A token's verdict: <paramref name="Refusal"/> (401 not authentic, 403 not for this) or, when null, allowed until <paramref name="ExpiresAt"/>.</summary>
public sealed record TokenVerdict(Answer? Refusal, DateTimeOffset ExpiresAt)
{
    public static TokenVerdict Refuse(Answer refusal) => new(refusal, DateTimeOffset.MinValue);
}

/// <summary>
/// Playback tokens: JWTs an owner signs with one of its signing keys (RS256 or ES256; <c>kid</c> the key's id, <c>sub</c>
/// the video id, <c>aud</c> a <see cref="PlaybackAudience"/>, <c>exp</c>, and optionally
/// <c>playback_restriction_id</c> and <c>nbf</c>). Verified by Microsoft.IdentityModel; the decision (pure, but for the signature
/// check's CPU) is <see cref="DecideAsync"/>.
/// </summary>
public static class PlaybackTokens
{
    public const string RestrictionClaim = "playback_restriction_id";
    public const string Rs256 = SecurityAlgorithms.RsaSha256;
    public const string Es256 = SecurityAlgorithms.EcdsaSha256;
    public static readonly IReadOnlyList<string> Algorithms = [Rs256, Es256];

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The names a token carries, unverified (only to look up what verifies it); null when it is not a JWT.</summary>
    public static TokenNames? Read(string token)
    {
        if (!Handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            var jwt = new JsonWebToken(token);
            return new TokenNames(
                Guid.TryParse(jwt.Kid, out var kid) ? kid : null,
                jwt.TryGetPayloadValue<string>(RestrictionClaim, out var restriction) && Guid.TryParse(restriction, out var id) ? id : null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static async Task<TokenVerdict> DecideAsync(string token, PlaybackCredential credential, TokenRequest request, TokenFacts facts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(facts);
        if (Read(token) is null)
        {
            return TokenVerdict.Refuse(NotAuthentic("The token is not a JWT (three base64url parts: header, claims, signature)."));
        }

        var jwt = new JsonWebToken(token);
        if (!Algorithms.Contains(jwt.Alg))
        {
            return TokenVerdict.Refuse(NotAuthentic($"The token's algorithm is '{jwt.Alg}'; it must be RS256 or ES256, as its signing key says."));
        }

        if (facts.Key is not { } key)
        {
            return TokenVerdict.Refuse(NotAuthentic("The token's kid names no signing key of this service (none such, or it was deleted)."));
        }

        if (jwt.Alg != key.Algorithm)
        {
            return TokenVerdict.Refuse(NotAuthentic($"The token's algorithm is '{jwt.Alg}', but its signing key is {key.Algorithm}."));
        }

        var verified = await Handler.ValidateTokenAsync(token, Verifying(key)).ConfigureAwait(false);
        if (!verified.IsValid)
        {
            return TokenVerdict.Refuse(NotAuthentic("The token's signature does not verify with the signing key its kid names."));
        }

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp))
        {
            return TokenVerdict.Refuse(NotAuthentic("The token has no exp claim: every playback token must expire."));
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expiresAt <= request.Now)
        {
            return TokenVerdict.Refuse(Answer.Unauthorized("Expired playback token", $"The token expired at {expiresAt:O}; sign a new one."));
        }

        // A token may be signed ahead of its use: it opens nothing before its nbf (no leeway: the owner set the moment).
        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) is var validFrom && validFrom > request.Now)
        {
            return TokenVerdict.Refuse(Answer.Unauthorized("Playback token not valid yet", $"The token is valid from {validFrom:O} (its nbf); use it from then on."));
        }

        if (!Guid.TryParse(jwt.Subject, out var subject) || subject != request.VideoId)
        {
            return TokenVerdict.Refuse(NotAllowed("The token's sub is not this video's id."));
        }

        if (!jwt.Audiences.Any(held => PlaybackAudience.Opens(held, request.Audience)))
        {
            return TokenVerdict.Refuse(NotAllowed($"The token's aud does not open this: it must be '{request.Audience}' here."));
        }

        if (request.VideoOwner is { } owner && owner != key.OwnerId)
        {
            return TokenVerdict.Refuse(NotAllowed("The token is signed with a key of another owner than the video's."));
        }

        if (jwt.TryGetPayloadValue<object>(RestrictionClaim, out _))
        {
            if (facts.Restriction is not { } restriction || restriction.OwnerId != key.OwnerId)
            {
                return TokenVerdict.Refuse(NotAllowed($"The token's {RestrictionClaim} names no playback restriction of the key's owner."));
            }

            if (!ReferrerRule.Allows(restriction, credential))
            {
                return TokenVerdict.Refuse(Answer.Forbidden("Playback is not allowed here", credential.Referrer is { } referrer
                    ? $"The video's playback restriction does not allow pages of {referrer.IdnHost}."
                    : "The video's playback restriction does not allow requests without a referrer."));
            }
        }

        return new TokenVerdict(null, expiresAt);
    }

    /// <summary>Only the signature, by this key, in this key's algorithm: the claims are judged by <see cref="DecideAsync"/>.</summary>
    private static TokenValidationParameters Verifying(PlaybackSigningKey key) => new()
    {
        IssuerSigningKey = SecurityKeyOf(key),
        ValidAlgorithms = [key.Algorithm],
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = false,
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = false,
        RequireExpirationTime = false,
        // The one key is the one the kid named (however the kid spelled its id): no other is ever tried.
        TryAllIssuerSigningKeys = true,
    };

    private static SecurityKey SecurityKeyOf(PlaybackSigningKey key)
    {
        if (key.Algorithm == Es256)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(key.PublicKeyPem);
            return new ECDsaSecurityKey(ec) { KeyId = key.Id.ToString("D") };
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(key.PublicKeyPem);
        return new RsaSecurityKey(rsa) { KeyId = key.Id.ToString("D") };
    }

    private static Answer NotAuthentic(string detail) => Answer.Unauthorized("Invalid playback token", detail);

    private static Answer NotAllowed(string detail) => Answer.Forbidden("The playback token does not open this", detail);
}
