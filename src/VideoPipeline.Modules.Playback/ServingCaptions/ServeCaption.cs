using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.ServingCaptions;

/// <summary>
/// One caption track's WebVTT, for the holder of the video's playback grant (players send no API key): the whole track,
/// or the stretch <paramref name="From"/> to <paramref name="To"/> (seconds) of it on a timeline of its own (what a DASH
/// Period of a clip names: its cues are timed from the Period's start).
/// </summary>
public sealed record ServeCaption(Guid VideoId, string Language, PlaybackCredential Credential, double? From = null, double? To = null) : IGrantedRequest;

public static class ServeCaptionHandler
{
    public const string ContentType = "text/vtt";

    public static Task<Answer> Handle(ServeCaption query, IQuerySession session, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, async (video, _) =>
        {
            if (Refusal(query) is { } refusal)
            {
                return refusal;
            }

            if (await PlayedCaptions.FindAsync(session, video, query.Language, ct) is not { } track)
            {
                return Answer.NotFound("No such caption track.");
            }

            return Answer.Content(query is { From: { } from, To: { } to } ? WebVttCut.Between(track.WebVtt, from, to) : track.WebVtt, ContentType);
        }, ct);

    /// <summary>A stretch asked for is both ends, 0 ≤ from &lt; to.</summary>
    private static Answer? Refusal(ServeCaption query) => (query.From, query.To) switch
    {
        (null, null) => null,
        ({ } from, { } to) when double.IsFinite(from) && double.IsFinite(to) && from >= 0 && from < to => null,
        _ => Answer.Invalid("Invalid stretch of the caption track.", "'from' and 'to' go together, 0 ≤ from < to (seconds)."),
    };
}

internal sealed class ServeCaptionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/captions/{language}.vtt",
                (Guid id, string language, double? from, double? to, PlaybackCredential credential, IMessageBus bus, CancellationToken ct) =>
                    bus.AnswerAsync(new ServeCaption(id, language, credential, from, to), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("A caption track's WebVTT, from the signed URL the caption list or the HLS/DASH manifests name.");
}
