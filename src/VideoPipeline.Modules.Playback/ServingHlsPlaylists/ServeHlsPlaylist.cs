using VideoPipeline.BuildingBlocks.Security;
using Microsoft.AspNetCore.Mvc;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingHlsPlaylists;

/// <summary>
/// One HLS playlist of a video, rewritten for the holder of a playlist grant: the master (<paramref name="Rendition"/>
/// null) or the media playlist of one rendition (a rung, or the audio). A media playlist that is still growing (LL-HLS)
/// answers blocking reloads: <paramref name="Msn"/> and <paramref name="Part"/> are <c>_HLS_msn</c> and <c>_HLS_part</c>
/// as the player sent them.
/// </summary>
public sealed record ServeHlsPlaylist(Guid VideoId, string? Rendition, PlaybackCredential Credential, string? Msn = null, string? Part = null) : IGrantedRequest;

public static class ServeHlsPlaylistHandler
{
    public static Task<Answer> Handle(
        ServeHlsPlaylist query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, PlaybackGate gate, TimeProvider clock,
        PlaylistChanges changes, MediaOptions media, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            var key = query.Rendition is null
                ? video.HlsMasterKey
                : video.FrameAccuratePlaylists.GetValueOrDefault(query.Rendition) ?? video.HlsPlaylists.GetValueOrDefault(query.Rendition);
            if (key is null)
            {
                return Answer.NotFound("No such playlist.");
            }

            if (query.Rendition is null)
            {
                var master = await StoredManifest.ReadAsync(storage, key, ct);
                return Answer.Content(
                    PlaylistRewriter.Master(PlaylistRewriter.WithSubtitles(master, await PlayedCaptions.OfAsync(session, video, video.Id, ct)), access.Query),
                    StreamingLayout.PlaylistContentType);
            }

            var (directive, refusal) = ReloadDirective.Read(query.Msn, query.Part);
            if (refusal is not null)
            {
                return Answer.Invalid("Invalid blocking playlist reload", refusal);
            }

            // A video plays once its first rung is out; the others follow within moments, and a player asking for one first waits for it.
            var (stored, notYet) = await BlockingReload.ReadAsync(
                storage, changes, clock, key, BlockingReload.For(directive), ct,
                comingWithin: video.DashManifestKey is null && video.ClipOf is null ? TimeSpan.FromSeconds(3 * media.SegmentSeconds) : null);
            if (notYet is not null)
            {
                return notYet;
            }

            var playlist = PlaylistRewriter.Media(
                stored!, StoredManifest.FolderOf(key), file => signer.Sign(file, access.ExpiresAt), access.Query);
            return Answer.Content(playlist, StreamingLayout.PlaylistContentType) with
            {
                CacheControl = LowLatencyPlaylist.Parse(stored!).Ended ? null : directive is null ? BlockingReload.Growing : BlockingReload.AnsweredReload,
            };
        }, ct);
}

/// <summary>The HLS playlists players open: authorised by the URL's grant or token (players cannot send an API key).</summary>
internal sealed class ServeHlsPlaylistEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        // Not counted against the viewer's address: a low-latency player reloads each rendition's playlist several times
        // a second (one play is many of these, like the DASH files and storage URLs), and the grant or token bounds it.
        var hls = app.MapGroup($"/videos/{{id:guid}}/{StreamingLayout.HlsRoute}").AllowAnonymous().DisableRateLimiting().RequirePlaybackCors().WithTags("Playback");
        hls.MapGet($"/{StreamingLayout.MasterPlaylist}", (Guid id, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPlaylist(id, null, credential), ct))
            .WithSummary("The HLS master playlist, from the signed URL GET /videos/{id}/play returned as hls.");
        hls.MapGet($"/{{rendition}}/{StreamingLayout.MediaPlaylist}",
                (Guid id, string rendition, PlaybackCredential credential, [FromQuery(Name = "_HLS_msn")] string? msn, [FromQuery(Name = "_HLS_part")] string? part,
                    IMessageBus bus, CancellationToken ct) =>
                    bus.AnswerAsync(new ServeHlsPlaylist(id, rendition, credential, msn, part), BlockingReload.LongestHold, ct))
            .WithSummary("One rendition's HLS media playlist (LL-HLS while the video encodes: parts, a preload hint, blocking reloads with _HLS_msn/_HLS_part), its files as signed storage (or CDN) URLs.");
        hls.MapGet($"/{PlaylistRewriter.SubtitlesFolder}/{{language}}/{StreamingLayout.MediaPlaylist}",
                (Guid id, string language, PlaybackCredential credential, HttpContext http, IMessageBus bus, CancellationToken ct) =>
                    bus.AnswerAsync(new ServeSubtitlePlaylist(id, language, credential, PlaybackLinks.RequestBaseUrl(http.Request)), ct))
            .WithSummary("A caption track as an HLS subtitle playlist (the master's SUBTITLES group names it): its WebVTT as one segment.");
    }
}
