using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// What a playback credential opens: <paramref name="Refusal"/>, or (when null) access until <paramref name="ExpiresAt"/>,
/// with <paramref name="Query"/> the credential to carry on every link answered under it (the grant's
/// <c>expires=&amp;sig=</c>, or <c>token=</c>), so what a player opens next is judged by the same credential;
/// <paramref name="Restriction"/> is the playback restriction the token named, if any.
/// </summary>
public sealed record PlaybackAccess(Answer? Refusal, DateTimeOffset ExpiresAt, string Query, PlaybackRestriction? Restriction = null)
{
    public static PlaybackAccess Refused(Answer refusal) => new(refusal, DateTimeOffset.MinValue, "");
}

/// <summary>
/// The one check of every playback route (and of players' beacons): the service's own grant (<see cref="PlaylistGrant"/>)
/// opens everything of its video until it expires; an owner's token (<see cref="PlaybackTokens"/>) opens what its
/// <c>aud</c> says, from where its restriction allows. Media links answered under a token expire with it, but no later
/// than <paramref name="linkLifetime"/> from now (the storage presign limit).
/// </summary>
public sealed class PlaybackGate(PlaylistGrant grant, IPlaybackKeys keys, TimeProvider clock, TimeSpan linkLifetime)
{
    public static readonly Answer GrantRefused = Answer.Forbidden("Invalid or expired playback URL",
        "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");

    /// <param name="videoOwner">The video's owner; null when there is no such video (the caller answers 404 once the credential passed).</param>
    /// <param name="grace">How long after its expiry a credential is still accepted (beacons sent as a view ends).</param>
    public async Task<PlaybackAccess> CheckAsync(
        PlaybackCredential credential, Guid videoId, string audience, string? videoOwner, TimeSpan grace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var now = clock.GetUtcNow() - grace;
        if (credential.Token is not { } token)
        {
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(credential.Expires, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
            return grant.IsValid(videoId, credential.Expires, credential.Signature, now)
                ? new PlaybackAccess(null, expiresAt, grant.Query(videoId, expiresAt))
                : PlaybackAccess.Refused(GrantRefused);
        }

        var names = PlaybackTokens.Read(token);
        var key = names?.KeyId is { } keyId ? await keys.FindSigningKeyAsync(keyId, ct) : null;
        var restriction = names?.RestrictionId is { } restrictionId ? await keys.FindRestrictionAsync(restrictionId, ct) : null;
        var verdict = await PlaybackTokens.DecideAsync(token, credential, new TokenRequest(videoId, audience, videoOwner, now), new TokenFacts(key, restriction));
        if (verdict.Refusal is { } refusal)
        {
            return PlaybackAccess.Refused(refusal);
        }

        var linksUntil = clock.GetUtcNow() + linkLifetime;
        return new PlaybackAccess(null, verdict.ExpiresAt < linksUntil ? verdict.ExpiresAt : linksUntil,
            $"{PlaybackCredential.TokenParameter}={Uri.EscapeDataString(token)}", restriction);
    }
}
