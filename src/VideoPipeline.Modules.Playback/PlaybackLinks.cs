using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback;

/// <summary>
/// The URLs of what the service serves itself for one video (playlists, manifests, captions, storyboard, the player
/// page), each carrying the video's playback grant until <see cref="ExpiresAt"/>: players and embedding pages send no API key.
/// </summary>
internal sealed class PlaybackLinks(Uri baseUrl, PlaylistGrant grant, Guid videoId, DateTimeOffset expiresAt)
{
    private readonly Uri _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    /// <summary>Links that expire after the configured lifetime, from now.</summary>
    public static PlaybackLinks Fresh(Guid videoId, Uri requestBaseUrl, PlaybackOptions options, PlaylistGrant grant, TimeProvider clock) =>
        Until(clock.GetUtcNow().Add(options.UrlLifetime), videoId, requestBaseUrl, options, grant);

    /// <summary>Links that expire at <paramref name="expiresAt"/> (with the grant a request came with).</summary>
    public static PlaybackLinks Until(DateTimeOffset expiresAt, Guid videoId, Uri requestBaseUrl, PlaybackOptions options, PlaylistGrant grant) =>
        new(options.PublicBaseUrl ?? requestBaseUrl, grant, videoId, expiresAt);

    public DateTimeOffset ExpiresAt => expiresAt;

    public Uri Hls => At($"videos/{videoId:D}/{StreamingLayout.HlsRoute}/{StreamingLayout.MasterPlaylist}");

    public Uri Dash => At($"videos/{videoId:D}/{StreamingLayout.DashRoute}/{StreamingLayout.DashManifest}");

    public Uri Storyboard => At($"videos/{videoId:D}/storyboard.vtt");

    /// <summary>The player page, for an <c>&lt;iframe&gt;</c> or a link.</summary>
    public Uri Embed => At($"embed/{videoId:D}");

    public Uri Caption(string language) => At($"videos/{videoId:D}/captions/{language}.vtt");

    private Uri At(string path) => new(_base, $"{path}?{grant.Query(videoId, expiresAt)}");

    /// <summary>Where the caller reached the service, for links when no public base URL is configured.</summary>
    public static Uri RequestBaseUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
