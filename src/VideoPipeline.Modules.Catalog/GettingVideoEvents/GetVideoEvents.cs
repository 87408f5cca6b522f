using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Modules.Catalog.GettingVideoEvents;

/// <summary>The raw event stream of one video, for auditing (ownership is checked before this runs).</summary>
public sealed record GetVideoEvents(Guid VideoId);

internal sealed record VideoEventView(long Sequence, long Version, string Type, DateTimeOffset Timestamp, object Data);

public static class GetVideoEventsHandler
{
    public static async Task<Answer> Handle(GetVideoEvents query, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(query.VideoId, token: ct);
        return events.Count == 0
            ? Answer.VideoNotFound
            : Answer.Ok(events.Select(e => new VideoEventView(e.Sequence, e.Version, e.EventType.Name, e.Timestamp, Shown(e.Data))).ToList());
    }

    /// <summary>Events recorded before source URLs were redacted on the way in are redacted on the way out.</summary>
    private static object Shown(object data) =>
        data is UploadRequested { SourceUrl: { } source } requested ? requested with { SourceUrl = RedactedUrl.Of(source) } : data;
}

internal sealed class GetVideoEventsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/events", (Guid id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new GetVideoEvents(id), ct))
            .WithTags("Videos")
            .WithSummary("The video's full event stream (audit): sequence, type, timestamp and data.")
            .Produces<IReadOnlyList<VideoEventView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
