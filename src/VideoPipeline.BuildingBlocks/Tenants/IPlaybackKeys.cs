namespace VideoPipeline.BuildingBlocks.Tenants;

/// <summary>An owner's public key that verifies the playback tokens the owner signs (the private key is never stored).</summary>
/// <param name="Algorithm">RS256 or ES256: the only algorithm a token signed with this key may name.</param>
public sealed record PlaybackSigningKey(Guid Id, string OwnerId, string Algorithm, string PublicKeyPem);

/// <summary>
/// Where an owner's tokens may be used: pages of <paramref name="ReferrerDomains"/> (<c>example.com</c>, or
/// <c>*.example.com</c> for its subdomains), and requests without a referrer when <paramref name="AllowNoReferrer"/>.
/// </summary>
public sealed record PlaybackRestriction(Guid Id, string OwnerId, IReadOnlyList<string> ReferrerDomains, bool AllowNoReferrer);

/// <summary>
/// The owners' signing keys and playback restrictions as this node knows them: kept current across nodes by the
/// Tenants module, so a deleted key stops opening anything on every node within a second.
/// </summary>
public interface IPlaybackKeys
{
    ValueTask<PlaybackSigningKey?> FindSigningKeyAsync(Guid id, CancellationToken ct);

    ValueTask<PlaybackRestriction?> FindRestrictionAsync(Guid id, CancellationToken ct);
}
