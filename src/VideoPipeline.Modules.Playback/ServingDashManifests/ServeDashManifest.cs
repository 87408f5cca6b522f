using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingDashManifests;

/// <summary>The DASH manifest of a video, rewritten for the holder of a playlist grant.</summary>
/// <param name="RequestBaseUrl">Where the player reached the service, for the caption URLs when no public base URL is configured.</param>
public sealed record ServeDashManifest(Guid VideoId, PlaybackCredential Credential, Uri RequestBaseUrl) : IGrantedRequest;

/// <summary>One file the DASH manifest's templates name (a rendition's header or segment), for the holder of a playlist grant.</summary>
public sealed record ServeDashFile(Guid VideoId, string Rendition, string File, PlaybackCredential Credential) : IGrantedRequest;

public static class ServeDashManifestHandler
{
    public static Task<Answer> Handle(
        ServeDashManifest query, IQuerySession session, IObjectStorage storage, PlaybackGate gate, IOptions<PlaybackOptions> options, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            if (video.DashManifestKey is not { } key)
            {
                return Answer.NotFound("No such manifest.");
            }

            var links = PlaybackLinks.Under(access, query.VideoId, query.RequestBaseUrl, options.Value);
            var captions = (await PlayedCaptions.OfAsync(session, video, video.Id, ct)).Select(t => (t, links.Caption(t.Language))).ToList();
            var manifest = ManifestRewriter.Dash(await StoredManifest.ReadAsync(storage, key, ct), access.Query, captions);
            return Answer.Content(manifest, StreamingLayout.DashContentType);
        }, ct);
}

public static class ServeDashFileHandler
{
    /// <summary>A redirect to the file's signed URL, which expires with the grant.</summary>
    public static Task<Answer> Handle(
        ServeDashFile query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            var playlists = video.DashPlaysFrameAccurate ? video.FrameAccuratePlaylists : video.HlsPlaylists;
            if (video.DashManifestKey is null || playlists.GetValueOrDefault(query.Rendition) is not { } playlist || !StreamingLayout.IsRenditionFile(query.File))
            {
                return Answer.NotFound("No such file.");
            }

            var folder = StoredManifest.FolderOf(playlist);
            var key = video.ClipOf is null ? $"{folder}/{query.File}"
                : ClipFiles.KeyOf(await StoredManifest.ReadAsync(storage, playlist, ct), folder, query.File);
            return key is null ? Answer.NotFound("No such file.") : Answer.Redirect(signer.Sign(key, access.ExpiresAt));
        }, ct);
}

/// <summary>The DASH manifest and the files it names, as players open them: authorised by the URL's grant or token (players cannot send an API key).</summary>
internal sealed class ServeDashManifestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var dash = app.MapGroup($"/videos/{{id:guid}}/{StreamingLayout.DashRoute}").AllowAnonymous().RequirePlaybackCors().WithTags("Playback");
        dash.MapGet($"/{StreamingLayout.DashManifest}", (Guid id, PlaybackCredential credential, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new ServeDashManifest(id, credential, PlaybackLinks.RequestBaseUrl(http.Request)), http.RequestAborted))
            .WithSummary("The DASH manifest, from the signed URL GET /videos/{id}/play returned as dash.");
        dash.MapGet("/{rendition}/{file}", (Guid id, string rendition, string file, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeDashFile(id, rendition, file, credential), ct))
            .DisableRateLimiting() // stands in for storage, as the embedded store's signed URLs do: one play is many of these
            .WithSummary("A header or segment the DASH manifest names: a redirect (302) to its signed storage (or CDN) URL.");
    }
}
