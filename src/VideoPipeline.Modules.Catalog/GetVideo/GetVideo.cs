using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wolverine;

namespace VideoPipeline.Modules.Catalog.GetVideo;

/// <summary>One video (ownership is checked before this runs, for every per-video route).</summary>
public sealed record GetVideo(Guid VideoId);

public static class GetVideoHandler
{
    public static async Task<VideoView?> Handle(GetVideo query, IQuerySession session, CancellationToken ct)
    {
        var video = await session.LoadAsync<VideoSummary>(query.VideoId, ct);
        return video is null ? null : VideoView.From(video);
    }
}

public sealed class GetVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}", async (Guid id, HttpContext http, IMessageBus bus) =>
                await bus.InvokeAsync<VideoView?>(new GetVideo(id), http.RequestAborted) is { } video
                    ? Results.Ok(video)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."))
            .WithTags("Videos")
            .WithSummary("One video: status, progress, variants, thumbnail, failures and step timestamps.")
            .Produces<VideoView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
