using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.PlayingVideos;

/// <summary>Short-lived signed URLs to play a video (ownership is checked before this runs, for every per-video route).</summary>
/// <param name="RequestBaseUrl">Where the caller reached the service, for the playlist URLs when no public base URL is configured.</param>
public sealed record PlayVideo(Guid VideoId, Uri RequestBaseUrl);

internal sealed record PlaybackRendition(string Resolution, Uri Url);

/// <param name="Url">The MP4 (the 480p one when there is one); null while only streaming plays, before the ladder is done.</param>
/// <param name="Hls">The HLS master playlist: from the first segments on, while the ladder is still encoding.</param>
/// <param name="Dash">The DASH manifest of the same segments, once every rendition is finished.</param>
/// <param name="Embed">The player page, for an <c>&lt;iframe&gt;</c> or a link; it expires with the other URLs.</param>
/// <param name="Storyboard">The seek previews' WebVTT (<c>#xywh=</c> tiles of one sprite), once made.</param>
internal sealed record PlaybackUrls(
    Uri? Url, Uri? Hls, Uri? Dash, Uri Embed, Uri? Storyboard, Uri? ThumbnailUrl, IReadOnlyList<PlaybackRendition> Renditions, DateTimeOffset ExpiresAt);

public static class PlayVideoHandler
{
    public static async Task<Answer> Handle(
        PlayVideo query, IQuerySession session, IMediaUrlSigner signer, PlaylistGrant grant, IOptions<PlaybackOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var video = await session.LoadAsync<PlayableVideo>(query.VideoId, ct);
        if (video is null)
        {
            return Answer.VideoNotFound;
        }

        if (!video.IsPlayable)
        {
            return Answer.Conflict("The video is not playable yet.", "Its first segments are not published yet; poll GET /videos/{id} for its status.");
        }

        var links = PlaybackLinks.Fresh(video.Id, query.RequestBaseUrl, options.Value, grant, clock);
        var renditions = video.Files.Select(r => new PlaybackRendition(r.Resolution, signer.Sign(r.Key, links.ExpiresAt))).ToList();
        var main = video.MainFile(options.Value.DefaultResolution) is { } file ? signer.Sign(file.Key, links.ExpiresAt) : null;
        return Answer.Ok(new PlaybackUrls(
            main,
            video.HlsMasterKey is null ? null : links.Hls,
            video.DashManifestKey is null ? null : links.Dash,
            links.Embed,
            video.Storyboard is null ? null : links.Storyboard,
            video.ThumbKey is null ? null : signer.Sign(video.ThumbKey, links.ExpiresAt),
            renditions,
            links.ExpiresAt));
    }
}

internal sealed class PlayVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapLinksQuery("/videos/{id:guid}/play", (id, baseUrl) => new PlayVideo(id, baseUrl))
            .WithTags("Playback")
            .WithSummary("Signed, short-lived playback URLs (HLS, DASH, the player page, storyboard, MP4 renditions, thumbnail) for the owner.")
            .Produces<PlaybackUrls>()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
