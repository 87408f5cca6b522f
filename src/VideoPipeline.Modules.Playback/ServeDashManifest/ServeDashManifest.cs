using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServeDashManifest;

/// <summary>The DASH manifest of a video, rewritten for the holder of a playlist grant.</summary>
public sealed record ServeDashManifest(Guid VideoId, long Expires, string? Signature);

public static class ServeDashManifestHandler
{
    public static async Task<Answer> Handle(
        ServeDashManifest query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, PlaylistGrant grant, TimeProvider clock,
        CancellationToken ct)
    {
        if (!grant.IsValid(query.VideoId, query.Expires, query.Signature, clock.GetUtcNow()))
        {
            return StoredManifest.Refused;
        }

        var key = (await session.LoadAsync<PlayableVideo>(query.VideoId, ct))?.DashManifestKey;
        if (key is null)
        {
            return Answer.NotFound("No such manifest.");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(query.Expires);
        var manifest = ManifestRewriter.Dash(await StoredManifest.ReadAsync(storage, key, ct), StoredManifest.FolderOf(key), file => signer.Sign(file, expiresAt));
        return Answer.Content(manifest, StreamingLayout.DashContentType);
    }
}

/// <summary>The DASH manifest players open: authorised by the URL's signature (players cannot send an API key).</summary>
internal sealed class ServeDashManifestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"/videos/{{id:guid}}/{StreamingLayout.DashRoute}/{StreamingLayout.DashManifest}",
                (Guid id, long? expires, string? sig, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new ServeDashManifest(id, expires ?? 0, sig), ct))
            .AllowAnonymous()
            .WithTags("Playback")
            .WithSummary("The DASH manifest, from the signed URL GET /videos/{id}/play returned as dash; every segment a signed storage (or CDN) URL.");
}
