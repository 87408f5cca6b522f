using VideoPipeline.Modules.Playback.Hls;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.PlayVideo;

/// <summary>Short-lived signed URLs to play a video (ownership is checked before this runs, for every per-video route).</summary>
/// <param name="RequestBaseUrl">Where the caller reached the service, for the HLS URL when no public base URL is configured.</param>
public sealed record PlayVideo(Guid VideoId, Uri RequestBaseUrl);

internal sealed record PlaybackRendition(string Resolution, Uri Url);

internal sealed record PlaybackUrls(Uri Url, Uri? Hls, Uri? ThumbnailUrl, IReadOnlyList<PlaybackRendition> Renditions, DateTimeOffset ExpiresAt);

public static class PlayVideoHandler
{
    public static async Task<Answer> Handle(
        PlayVideo query, IQuerySession session, IMediaUrlSigner signer, HlsPlaylistGrant grant, IOptions<PlaybackOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var video = await session.LoadAsync<PlayableVideo>(query.VideoId, ct);
        if (video is null)
        {
            return Answer.VideoNotFound;
        }

        // The ladder's renditions once there are any; until then the remuxed original, when the source allowed one.
        var playable = video.Renditions.Count > 0 ? video.Renditions : video.Original is { } original ? [original] : [];
        if (playable.Count == 0)
        {
            return Answer.Conflict("The video is not playable yet.", "No rendition is ready; poll GET /videos/{id} for its status.");
        }

        var expiresAt = clock.GetUtcNow().Add(options.Value.UrlLifetime);
        var renditions = playable
            .Select(r => new PlaybackRendition(r.Resolution, signer.Sign(r.Key, expiresAt)))
            .ToList();
        var main = renditions.FirstOrDefault(r => r.Resolution == options.Value.DefaultResolution) ?? renditions[0];
        var thumbnail = video.ThumbKey is null ? null : signer.Sign(video.ThumbKey, expiresAt);
        var hls = video.HlsMasterKey is null
            ? null
            : new Uri(WithTrailingSlash(options.Value.PublicBaseUrl ?? query.RequestBaseUrl),
                $"videos/{video.Id:D}/{HlsLayout.Folder}/{HlsLayout.MasterPlaylist}?{grant.Query(video.Id, expiresAt)}");
        return Answer.Ok(new PlaybackUrls(main.Url, hls, thumbnail, renditions, expiresAt));
    }

    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

internal sealed class PlayVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/play", (Guid id, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new PlayVideo(id, RequestBaseUrl(http.Request)), http.RequestAborted))
            .WithTags("Playback")
            .WithSummary("Signed, short-lived playback URLs (MP4 renditions, HLS, thumbnail) for the owner.")
            .Produces<PlaybackUrls>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Uri RequestBaseUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
