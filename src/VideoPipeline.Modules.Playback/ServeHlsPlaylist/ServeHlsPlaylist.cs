using System.Text;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback.Hls;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServeHlsPlaylist;

/// <summary>
/// One HLS playlist of a video, rewritten for the holder of a playlist grant: the master (<paramref name="Resolution"/>
/// null) or the media playlist of one rung.
/// </summary>
public sealed record ServeHlsPlaylist(Guid VideoId, string? Resolution, long Expires, string? Signature);

public static class ServeHlsPlaylistHandler
{
    public static async Task<Answer> Handle(
        ServeHlsPlaylist query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, HlsPlaylistGrant grant, TimeProvider clock,
        CancellationToken ct)
    {
        if (!grant.IsValid(query.VideoId, query.Expires, query.Signature, clock.GetUtcNow()))
        {
            return Answer.Forbidden("Invalid or expired playlist URL",
                "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");
        }

        var video = await session.LoadAsync<PlayableVideo>(query.VideoId, ct) is { Deleted: false } playable ? playable : null;
        var key = query.Resolution is null ? video?.HlsMasterKey : video?.HlsPlaylists.GetValueOrDefault(query.Resolution);
        if (key is null)
        {
            return Answer.NotFound("No such playlist.");
        }

        var stored = Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(query.Expires);
        var playlist = query.Resolution is null
            ? PlaylistRewriter.Master(stored, grant.Query(query.VideoId, expiresAt))
            : PlaylistRewriter.Media(stored, key[..key.LastIndexOf('/')], segment => signer.Sign(segment, expiresAt));
        return Answer.Content(playlist, HlsLayout.PlaylistContentType);
    }
}

/// <summary>The HLS playlists players open: authorised by the URL's signature (players cannot send an API key).</summary>
internal sealed class ServeHlsPlaylistEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hls = app.MapGroup($"/videos/{{id:guid}}/{HlsLayout.Folder}").AllowAnonymous().WithTags("Playback");
        hls.MapGet($"/{HlsLayout.MasterPlaylist}", (Guid id, long? expires, string? sig, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPlaylist(id, null, expires ?? 0, sig), ct))
            .WithSummary("The HLS master playlist, from the signed URL GET /videos/{id}/play returned as hls.");
        hls.MapGet($"/{{resolution}}/{HlsLayout.MediaPlaylist}", (Guid id, string resolution, long? expires, string? sig, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPlaylist(id, resolution, expires ?? 0, sig), ct))
            .WithSummary("One rung's HLS media playlist, its segments as signed storage (or CDN) URLs.");
    }
}
