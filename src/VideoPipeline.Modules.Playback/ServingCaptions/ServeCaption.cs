using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.ServingCaptions;

/// <summary>One caption track's WebVTT, for the holder of the video's playback grant (players send no API key).</summary>
public sealed record ServeCaption(Guid VideoId, string Language, PlaybackCredential Credential) : IGrantedRequest;

public static class ServeCaptionHandler
{
    public const string ContentType = "text/vtt";

    public static Task<Answer> Handle(ServeCaption query, IQuerySession session, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (_, _) =>
            await CaptionTrack.FindAsync(session, query.VideoId, query.Language, ct) is { } track
                ? Answer.Content(track.WebVtt, ContentType)
                : Answer.NotFound("No such caption track."), ct);
}

internal sealed class ServeCaptionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/captions/{language}.vtt", (Guid id, string language, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeCaption(id, language, credential), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("A caption track's WebVTT, from the signed URL the caption list or the HLS/DASH manifests name.");
}
