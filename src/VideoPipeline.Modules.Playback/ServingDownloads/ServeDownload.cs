using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingDownloads;

/// <summary>One MP4 rendition (<c>480p</c>, ...) of a video, for the holder of its playback grant or token.</summary>
public sealed record ServeDownload(Guid VideoId, string Resolution, PlaybackCredential Credential) : IGrantedRequest;

public static class ServeDownloadHandler
{
    /// <summary>A redirect to the file's signed storage (or CDN) URL, which expires with the credential.</summary>
    public static Task<Answer> Handle(ServeDownload query, IQuerySession session, IMediaUrlSigner signer, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, (video, access) => Task.FromResult(
            video.Files.FirstOrDefault(f => f.Resolution == query.Resolution) is { } file
                ? Answer.Redirect(signer.Sign(file.Key, access.ExpiresAt))
                : Answer.NotFound("No such rendition.", $"The video's MP4 renditions are: {string.Join(", ", video.Files.Select(f => f.Resolution))}.")), ct);
}

/// <summary>The MP4 files as a token's holder opens them (the owner's <c>/play</c> answer links storage directly).</summary>
internal sealed class ServeDownloadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/{resolution:regex(^\\d+p$)}.mp4", (Guid id, string resolution, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeDownload(id, resolution, credential), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("An MP4 rendition (e.g. 480p.mp4) with ?token= or a grant: a redirect (302) to its signed storage (or CDN) URL.")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
