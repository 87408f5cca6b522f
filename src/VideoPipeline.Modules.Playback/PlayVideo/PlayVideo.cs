using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.PlayVideo;

/// <summary>Short-lived signed URLs to play a video (ownership is checked before this runs, for every per-video route).</summary>
/// <param name="RequestBaseUrl">Where the caller reached the service, for the playlist URLs when no public base URL is configured.</param>
public sealed record PlayVideo(Guid VideoId, Uri RequestBaseUrl);

internal sealed record PlaybackRendition(string Resolution, Uri Url);

/// <param name="Url">The MP4 (the 480p one when there is one); null while only streaming plays, before the ladder is done.</param>
/// <param name="Hls">The HLS master playlist: from the first segments on, while the ladder is still encoding.</param>
/// <param name="Dash">The DASH manifest of the same segments, once every rendition is finished.</param>
internal sealed record PlaybackUrls(Uri? Url, Uri? Hls, Uri? Dash, Uri? ThumbnailUrl, IReadOnlyList<PlaybackRendition> Renditions, DateTimeOffset ExpiresAt);

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

        // The MP4 renditions once there are any; before that, for videos processed by earlier versions, the remuxed original.
        var files = video.Renditions.Count > 0 ? video.Renditions : video.Original is { } original ? [original] : [];
        if (files.Count == 0 && video.HlsMasterKey is null)
        {
            return Answer.Conflict("The video is not playable yet.", "Its first segments are not published yet; poll GET /videos/{id} for its status.");
        }

        var expiresAt = clock.GetUtcNow().Add(options.Value.UrlLifetime);
        var renditions = files.Select(r => new PlaybackRendition(r.Resolution, signer.Sign(r.Key, expiresAt))).ToList();
        var main = renditions.FirstOrDefault(r => r.Resolution == options.Value.DefaultResolution) ?? renditions.FirstOrDefault();
        var thumbnail = video.ThumbKey is null ? null : signer.Sign(video.ThumbKey, expiresAt);
        var baseUrl = WithTrailingSlash(options.Value.PublicBaseUrl ?? query.RequestBaseUrl);
        var grantQuery = grant.Query(video.Id, expiresAt);
        var hls = video.HlsMasterKey is null
            ? null
            : new Uri(baseUrl, $"videos/{video.Id:D}/{StreamingLayout.HlsRoute}/{StreamingLayout.MasterPlaylist}?{grantQuery}");
        var dash = video.DashManifestKey is null
            ? null
            : new Uri(baseUrl, $"videos/{video.Id:D}/{StreamingLayout.DashRoute}/{StreamingLayout.DashManifest}?{grantQuery}");
        return Answer.Ok(new PlaybackUrls(main?.Url, hls, dash, thumbnail, renditions, expiresAt));
    }

    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

internal sealed class PlayVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/play", (Guid id, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new PlayVideo(id, RequestBaseUrl(http.Request)), http.RequestAborted))
            .WithTags("Playback")
            .WithSummary("Signed, short-lived playback URLs (HLS, DASH, MP4 renditions, thumbnail) for the owner.")
            .Produces<PlaybackUrls>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Uri RequestBaseUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
