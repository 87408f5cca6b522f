using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback;

/// <summary>
/// The URLs of what the service serves itself for a video (playlists, manifests, captions, storyboard, the embed page),
/// each carrying the video's playback grant until <paramref name="ExpiresAt"/>.
/// </summary>
internal sealed record PlaybackLinks(Uri BaseUrl, PlaylistGrant Grant, DateTimeOffset ExpiresAt)
{
    /// <summary>The answer to a missing, forged or expired grant.</summary>
    public static Answer Refused { get; } = Answer.Forbidden("Invalid or expired playback URL",
        "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");

    public Uri Caption(Guid videoId, string language) => At(videoId, $"captions/{language}.vtt");

    private Uri At(Guid videoId, string path) => new(Base, $"videos/{videoId:D}/{path}?{Grant.Query(videoId, ExpiresAt)}");

    private Uri Base => BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");

    public static Uri RequestBaseUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
