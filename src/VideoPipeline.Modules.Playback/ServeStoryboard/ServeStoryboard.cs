using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.ServeCaption;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServeStoryboard;

/// <summary>A video's seek previews as WebVTT, for the holder of its playback grant; the sprite's URL is signed to expire with it.</summary>
public sealed record ServeStoryboard(Guid VideoId, long Expires, string? Signature);

public static class ServeStoryboardHandler
{
    public static async Task<Answer> Handle(ServeStoryboard query, IQuerySession session, IMediaUrlSigner signer, PlaylistGrant grant, TimeProvider clock, CancellationToken ct)
    {
        var (refusal, video) = await StoredManifest.OpenAsync(query.VideoId, query.Expires, query.Signature, grant, clock, session, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (video?.Storyboard is not { } storyboard)
        {
            return Answer.NotFound("The video has no storyboard yet.");
        }

        var sprite = signer.Sign(storyboard.Key, DateTimeOffset.FromUnixTimeSeconds(query.Expires));
        return Answer.Content(StoryboardVtt.Write(storyboard, video.DurationSeconds, sprite), ServeCaptionHandler.ContentType);
    }
}

internal sealed class ServeStoryboardEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/storyboard.vtt", (Guid id, long? expires, string? sig, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ServeStoryboard(id, expires ?? 0, sig), ct))
            .AllowAnonymous()
            .WithTags("Playback")
            .WithSummary("The seek previews: WebVTT cues naming tiles of one sprite (#xywh=), from the signed URL GET /videos/{id}/play returned as storyboard.");
}
