using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.ListingCaptions;

/// <summary>The caption tracks of a video, each with a signed URL of its WebVTT (ownership is checked before this runs).</summary>
/// <param name="RequestBaseUrl">Where the caller reached the service, when no public base URL is configured.</param>
public sealed record ListCaptions(Guid VideoId, Uri RequestBaseUrl);

internal sealed record CaptionView(string Language, string Label, Uri Url);

public static class ListCaptionsHandler
{
    public static async Task<Answer> Handle(
        ListCaptions query, IQuerySession session, PlaylistGrant grant, IOptions<PlaybackOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var tracks = await PlayedCaptions.OfAsync(session, await session.LoadAsync<PlayableVideo>(query.VideoId, ct), query.VideoId, ct);
        var links = PlaybackLinks.Fresh(query.VideoId, query.RequestBaseUrl, options.Value, grant, clock);
        return Answer.Ok(tracks.Select(t => new CaptionView(t.Language, t.Label, links.Caption(t.Language))).ToList());
    }
}

internal sealed class ListCaptionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapLinksQuery("/videos/{id:guid}/captions", (id, baseUrl) => new ListCaptions(id, baseUrl))
            .WithTags("Playback")
            .WithSummary("The video's caption tracks, each with a signed WebVTT URL.")
            .Produces<IReadOnlyList<CaptionView>>();
}
