using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wolverine;

namespace VideoPipeline.Modules.Catalog.GetVideoEvents;

/// <summary>The raw event stream of one video, for auditing (ownership is checked before this runs).</summary>
public sealed record GetVideoEvents(Guid VideoId);

public sealed record VideoEventView(long Sequence, long Version, string Type, DateTimeOffset Timestamp, object Data);

public static class GetVideoEventsHandler
{
    public static async Task<IReadOnlyList<VideoEventView>?> Handle(GetVideoEvents query, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(query.VideoId, token: ct);
        return events.Count == 0
            ? null
            : events
            .Select(e => new VideoEventView(e.Sequence, e.Version, e.EventType.Name, e.Timestamp, e.Data))
            .ToList();
    }
}

public sealed class GetVideoEventsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/events", async (Guid id, HttpContext http, IMessageBus bus) =>
                await bus.InvokeAsync<IReadOnlyList<VideoEventView>?>(new GetVideoEvents(id), http.RequestAborted) is { } events
                    ? Results.Ok(events)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."))
            .WithTags("Videos")
            .WithSummary("The video's full event stream (audit): sequence, type, timestamp and data.")
            .Produces<IReadOnlyList<VideoEventView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
