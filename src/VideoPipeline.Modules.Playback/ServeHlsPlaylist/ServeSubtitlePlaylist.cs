using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.ServeHlsPlaylist;

/// <summary>A caption track's HLS subtitle playlist, for the holder of the video's playback grant.</summary>
/// <param name="RequestBaseUrl">Where the player reached the service, when no public base URL is configured.</param>
public sealed record ServeSubtitlePlaylist(Guid VideoId, string Language, long Expires, string? Signature, Uri RequestBaseUrl);

public static class ServeSubtitlePlaylistHandler
{
    public static async Task<Answer> Handle(
        ServeSubtitlePlaylist query, IQuerySession session, PlaylistGrant grant, IOptions<PlaybackOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (refusal, video) = await StoredManifest.OpenAsync(query.VideoId, query.Expires, query.Signature, grant, clock, session, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var track = video is null ? null : await CaptionTrack.FindAsync(session, query.VideoId, query.Language, ct);
        if (track is null)
        {
            return Answer.NotFound("No such caption track.");
        }

        var links = new PlaybackLinks(options.Value.PublicBaseUrl ?? query.RequestBaseUrl, grant, query.VideoId, DateTimeOffset.FromUnixTimeSeconds(query.Expires));
        return Answer.Content(PlaylistRewriter.Subtitles(video!.DurationSeconds, links.Caption(track.Language)), StreamingLayout.PlaylistContentType);
    }
}
