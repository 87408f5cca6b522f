using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingHlsPlaylists;

/// <summary>
/// One HLS playlist of a video, rewritten for the holder of a playlist grant: the master (<paramref name="Rendition"/>
/// null) or the media playlist of one rendition (a rung, or the audio).
/// </summary>
public sealed record ServeHlsPlaylist(Guid VideoId, string? Rendition, PlaybackCredential Credential) : IGrantedRequest;

public static class ServeHlsPlaylistHandler
{
    public static Task<Answer> Handle(
        ServeHlsPlaylist query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            var key = query.Rendition is null ? video.HlsMasterKey : video.HlsPlaylists.GetValueOrDefault(query.Rendition);
            if (key is null)
            {
                return Answer.NotFound("No such playlist.");
            }

            var stored = await StoredManifest.ReadAsync(storage, key, ct);
            var playlist = query.Rendition is null
                ? PlaylistRewriter.Master(PlaylistRewriter.WithSubtitles(stored, await CaptionTrack.OfAsync(session, query.VideoId, ct)), access.Query)
                : PlaylistRewriter.Media(stored, StoredManifest.FolderOf(key), file => signer.Sign(file, access.ExpiresAt));
            return Answer.Content(playlist, StreamingLayout.PlaylistContentType);
        }, ct);
}

/// <summary>The HLS playlists players open: authorised by the URL's grant or token (players cannot send an API key).</summary>
internal sealed class ServeHlsPlaylistEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hls = app.MapGroup($"/videos/{{id:guid}}/{StreamingLayout.HlsRoute}").AllowAnonymous().RequirePlaybackCors().WithTags("Playback");
        hls.MapGet($"/{StreamingLayout.MasterPlaylist}", (Guid id, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPlaylist(id, null, credential), ct))
            .WithSummary("The HLS master playlist, from the signed URL GET /videos/{id}/play returned as hls.");
        hls.MapGet($"/{{rendition}}/{StreamingLayout.MediaPlaylist}", (Guid id, string rendition, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPlaylist(id, rendition, credential), ct))
            .WithSummary("One rendition's HLS media playlist (growing while the video encodes), its files as signed storage (or CDN) URLs.");
        hls.MapGet($"/{PlaylistRewriter.SubtitlesFolder}/{{language}}/{StreamingLayout.MediaPlaylist}",
                (Guid id, string language, PlaybackCredential credential, HttpContext http, IMessageBus bus, CancellationToken ct) =>
                    bus.AnswerAsync(new ServeSubtitlePlaylist(id, language, credential, PlaybackLinks.RequestBaseUrl(http.Request)), ct))
            .WithSummary("A caption track as an HLS subtitle playlist (the master's SUBTITLES group names it): its WebVTT as one segment.");
    }
}
