using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.ServingCaptions;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingStoryboards;

/// <summary>A video's seek previews as WebVTT, for the holder of its playback grant; the sprite's URL is signed to expire with it.</summary>
public sealed record ServeStoryboard(Guid VideoId, PlaybackCredential Credential) : IGrantedRequest
{
    public string Audience => PlaybackAudience.Storyboard;
}

public static class ServeStoryboardHandler
{
    public static Task<Answer> Handle(ServeStoryboard query, IQuerySession session, IMediaUrlSigner signer, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, (video, access) => Task.FromResult(video.Storyboard is { } storyboard
            ? Answer.Content(StoryboardVtt.Write(storyboard, video.DurationSeconds, signer.Sign(storyboard.Key, access.ExpiresAt)), ServeCaptionHandler.ContentType)
            : Answer.NotFound("The video has no storyboard yet.")), ct);
}

internal sealed class ServeStoryboardEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/storyboard.vtt", (Guid id, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeStoryboard(id, credential), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("The seek previews: WebVTT cues naming tiles of one sprite (#xywh=), from the signed URL GET /videos/{id}/play returned as storyboard.");
}
