using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.EmbeddingVideos;

/// <summary>
/// What the player page plays, for the holder of the video's playback grant or token (the page's own link carries it):
/// every URL in the answer carries it and expires with it. A video token (<c>aud</c> v) opens all of it, the seek
/// previews included (<see cref="PlaybackAudience.Opens"/>).
/// </summary>
/// <param name="RequestBaseUrl">Where the page reached the service, when no public base URL is configured.</param>
public sealed record EmbedVideo(Guid VideoId, PlaybackCredential Credential, Uri RequestBaseUrl) : IGrantedRequest;

internal sealed record EmbeddedCaption(string Language, string Label, Uri Url);

/// <param name="Url">The MP4 for browsers without HLS (null while only streaming plays).</param>
internal sealed record EmbeddedVideo(
    string Title, Uri? Hls, Uri? Dash, Uri? Url, Uri? Poster, Uri? Storyboard, IReadOnlyList<EmbeddedCaption> Captions, DateTimeOffset ExpiresAt);

public static class EmbedVideoHandler
{
    public static Task<Answer> Handle(
        EmbedVideo query, IQuerySession session, IMediaUrlSigner signer, PlaybackGate gate, IOptions<PlaybackOptions> options, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            if (!video.IsPlayable)
            {
                return Answer.Conflict("The video is not playable yet.", "It is still being processed; try again in a moment.");
            }

            var expiresAt = access.ExpiresAt;
            var links = PlaybackLinks.Under(access, video.Id, query.RequestBaseUrl, options.Value);
            var captions = (await PlayedCaptions.OfAsync(session, video, video.Id, ct)).Select(t => new EmbeddedCaption(t.Language, t.Label, links.Caption(t.Language))).ToList();
            return Answer.Ok(new EmbeddedVideo(
                video.Title,
                video.HlsMasterKey is null ? null : links.Hls,
                video.DashManifestKey is null ? null : links.Dash,
                video.MainFile(options.Value.DefaultResolution) is { } file ? signer.Sign(file.Key, expiresAt) : null,
                video.ThumbKey is null ? null : signer.Sign(video.ThumbKey, expiresAt),
                video.Storyboard is null ? null : links.Storyboard,
                captions,
                expiresAt));
        }, ct);
}

internal sealed class EmbedVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/embed", (Guid id, PlaybackCredential credential, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new EmbedVideo(id, credential, PlaybackLinks.RequestBaseUrl(http.Request)), http.RequestAborted))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("What the player page plays (title, HLS, DASH, MP4, poster, storyboard, captions), from the signed URL GET /videos/{id}/play returned as embed.")
            .Produces<EmbeddedVideo>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
