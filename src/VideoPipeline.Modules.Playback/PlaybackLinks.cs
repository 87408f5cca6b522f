using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback;

/// <summary>
/// The URLs of what the service serves itself for one video (playlists, manifests, captions, storyboard, the player
/// page), each carrying the video's playback credential (the service's grant or the owner's token) until <see cref="ExpiresAt"/>: players and embedding pages send no API key.
/// </summary>
internal sealed class PlaybackLinks(Uri baseUrl, Guid videoId, string credentialQuery, DateTimeOffset expiresAt)
{
    private readonly Uri _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    /// <summary>Links that expire after the configured lifetime, from now.</summary>
    public static PlaybackLinks Fresh(Guid videoId, Uri requestBaseUrl, PlaybackOptions options, PlaylistGrant grant, TimeProvider clock)
    {
        var expiresAt = clock.GetUtcNow().Add(options.UrlLifetime);
        return new(options.PublicBaseUrl ?? requestBaseUrl, videoId, grant.Query(videoId, expiresAt), expiresAt);
    }

    /// <summary>Links under the credential a request came with: they carry it, and expire with it.</summary>
    public static PlaybackLinks Under(PlaybackAccess access, Guid videoId, Uri requestBaseUrl, PlaybackOptions options) =>
        new(options.PublicBaseUrl ?? requestBaseUrl, videoId, access.Query, access.ExpiresAt);

    public DateTimeOffset ExpiresAt => expiresAt;

    public Uri Hls => At($"videos/{videoId:D}/{StreamingLayout.HlsRoute}/{StreamingLayout.MasterPlaylist}");

    public Uri Dash => At($"videos/{videoId:D}/{StreamingLayout.DashRoute}/{StreamingLayout.DashManifest}");

    public Uri Storyboard => At($"videos/{videoId:D}/storyboard.vtt");

    /// <summary>The player page, for an <c>&lt;iframe&gt;</c> or a link.</summary>
    public Uri Embed => At($"embed/{videoId:D}");

    public Uri Caption(string language) => At($"videos/{videoId:D}/captions/{language}.vtt");

    private Uri At(string path) => new(_base, $"{path}?{credentialQuery}");

    /// <summary>Where the caller reached the service, for links when no public base URL is configured.</summary>
    public static Uri RequestBaseUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
