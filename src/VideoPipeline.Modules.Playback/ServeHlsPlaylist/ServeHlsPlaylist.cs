using System.Text;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback.Hls;
using VideoPipeline.Modules.Playback.Signing;
using Wolverine;

namespace VideoPipeline.Modules.Playback.ServeHlsPlaylist;

/// <summary>
/// One HLS playlist of a video, rewritten for the holder of a playlist grant: the master (<paramref name="Resolution"/>
/// null) or the media playlist of one rung.
/// </summary>
public sealed record ServeHlsPlaylist(Guid VideoId, string? Resolution, long Expires, string? Signature);

public enum PlaylistOutcome { Served, Refused, NotFound }

public sealed record PlaylistAnswer(PlaylistOutcome Outcome, string? Playlist = null);

public static class ServeHlsPlaylistHandler
{
    public static async Task<PlaylistAnswer> Handle(
        ServeHlsPlaylist query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, HlsPlaylistGrant grant, TimeProvider clock,
        CancellationToken ct)
    {
        if (!grant.IsValid(query.VideoId, query.Expires, query.Signature, clock.GetUtcNow()))
        {
            return new PlaylistAnswer(PlaylistOutcome.Refused);
        }

        var video = await session.LoadAsync<PlayableVideo>(query.VideoId, ct);
        var key = query.Resolution is null ? video?.HlsMasterKey : video?.HlsPlaylists.GetValueOrDefault(query.Resolution);
        if (key is null)
        {
            return new PlaylistAnswer(PlaylistOutcome.NotFound);
        }

        var stored = Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(query.Expires);
        var playlist = query.Resolution is null
            ? PlaylistRewriter.Master(stored, grant.Query(query.VideoId, expiresAt))
            : PlaylistRewriter.Media(stored, key[..key.LastIndexOf('/')], segment => signer.Sign(segment, expiresAt));
        return new PlaylistAnswer(PlaylistOutcome.Served, playlist);
    }
}

/// <summary>The HLS playlists players open: authorised by the URL's signature (players cannot send an API key).</summary>
public sealed class ServeHlsPlaylistEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hls = app.MapGroup("/videos/{id:guid}/hls").AllowAnonymous().WithTags("Playback");
        hls.MapGet($"/{HlsRoutes.MasterPlaylist}", (Guid id, long? expires, string? sig, HttpContext http, IMessageBus bus) =>
                ServeAsync(new ServeHlsPlaylist(id, null, expires ?? 0, sig), http, bus))
            .WithSummary("The HLS master playlist, from the signed URL GET /videos/{id}/play returned as hls.");
        hls.MapGet($"/{{resolution}}/{HlsRoutes.MediaPlaylist}", (Guid id, string resolution, long? expires, string? sig, HttpContext http, IMessageBus bus) =>
                ServeAsync(new ServeHlsPlaylist(id, resolution, expires ?? 0, sig), http, bus))
            .WithSummary("One rung's HLS media playlist, its segments as signed storage (or CDN) URLs.");
    }

    private static async Task<IResult> ServeAsync(ServeHlsPlaylist query, HttpContext http, IMessageBus bus)
    {
        var answer = await bus.InvokeAsync<PlaylistAnswer>(query, http.RequestAborted);
        return answer.Outcome switch
        {
            PlaylistOutcome.Served => Results.Text(answer.Playlist, HlsRoutes.PlaylistContentType, Encoding.UTF8),
            PlaylistOutcome.Refused => Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Invalid or expired playlist URL",
                detail: "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one."),
            _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such playlist."),
        };
    }
}
