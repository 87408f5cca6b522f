using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingHlsPlaylists;

/// <summary>
/// The part a growing media playlist hints (<c>EXT-X-PRELOAD-HINT</c>), asked for before it is published: the request is
/// held until the playlist lists the part, then redirected to its signed storage URL (RFC 8216bis §6.2.6: a hinted
/// resource is available for request when hinted, and no byte is sent before the part is complete).
/// </summary>
public sealed record ServeHlsPart(Guid VideoId, string Rendition, string File, PlaybackCredential Credential) : IGrantedRequest;

public static class ServeHlsPartHandler
{
    public static Task<Answer> Handle(
        ServeHlsPart query, IQuerySession session, IObjectStorage storage, IMediaUrlSigner signer, PlaybackGate gate, TimeProvider clock,
        PlaylistChanges changes, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, access) =>
        {
            if (video.HlsPlaylists.GetValueOrDefault(query.Rendition) is not { } key || !CmafLayout.IsPartFile(query.File))
            {
                return Answer.NotFound("No such part.");
            }

            var part = $"{CmafLayout.PartsFolder}/{query.File}";
            var (playlist, notYet) = await BlockingReload.ReadAsync(
                storage, changes, clock, key, (text, _) => HintedOnly(text, part) ? ReloadVerdict.Wait : ReloadVerdict.Ready, ct);
            if (notYet is not null)
            {
                return notYet;
            }

            // Neither listed nor hinted: not a part of this playlist, or one of a finished rendition (its parts are gone).
            return Listed(playlist!, part)
                ? Answer.Redirect(signer.Sign($"{StoredManifest.FolderOf(key)}/{part}", access.ExpiresAt))
                : Answer.NotFound("No such part.", "The playlist neither lists nor hints this part; read the playlist again.");
        }, ct);

    private static bool HintedOnly(string playlist, string part) =>
        !Listed(playlist, part) && playlist.Contains($"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{part}\"", StringComparison.Ordinal);

    private static bool Listed(string playlist, string part) =>
        playlist.Split('\n').Any(line => line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal) && line.Contains($"URI=\"{part}\"", StringComparison.Ordinal));
}

/// <summary>The route of a hinted part: authorised by the playlist's grant or token, like the playlist that hinted it.</summary>
internal sealed class ServeHlsPartEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGroup($"/videos/{{id:guid}}/{StreamingLayout.HlsRoute}").AllowAnonymous().DisableRateLimiting().RequirePlaybackCors().WithTags("Playback")
            .MapGet($"/{{rendition}}/{CmafLayout.PartsFolder}/{{file}}", (Guid id, string rendition, string file, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeHlsPart(id, rendition, file, credential), BlockingReload.LongestHold, ct))
            .WithSummary("A part a growing media playlist hints (EXT-X-PRELOAD-HINT): held until it is published, then redirected to its signed storage URL.");
}
