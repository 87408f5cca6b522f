using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.ServingHlsPlaylists;

/// <summary>A caption track's HLS subtitle playlist, for the holder of the video's playback grant.</summary>
/// <param name="RequestBaseUrl">Where the player reached the service, when no public base URL is configured.</param>
public sealed record ServeSubtitlePlaylist(Guid VideoId, string Language, PlaybackCredential Credential, Uri RequestBaseUrl) : IGrantedRequest;

public static class ServeSubtitlePlaylistHandler
{
    public static Task<Answer> Handle(
        ServeSubtitlePlaylist query, IQuerySession session, PlaybackGate gate, IOptions<PlaybackOptions> options, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            if (await PlayedCaptions.FindAsync(session, video, query.Language, ct) is not { } track)
            {
                return Answer.NotFound("No such caption track.");
            }

            var links = PlaybackLinks.Under(access, query.VideoId, query.RequestBaseUrl, options.Value);
            return Answer.Content(PlaylistRewriter.Subtitles(video.DurationSeconds, links.Caption(track.Language)), StreamingLayout.PlaylistContentType);
        }, ct);
}
