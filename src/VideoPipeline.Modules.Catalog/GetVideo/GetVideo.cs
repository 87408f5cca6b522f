using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VideoPipeline.BuildingBlocks.Http;
using Wolverine;

namespace VideoPipeline.Modules.Catalog.GetVideo;

public sealed record GetVideo(Guid VideoId, string OwnerId);

public static class GetVideoHandler
{
    public static async Task<VideoView?> Handle(GetVideo query, IQuerySession session, CancellationToken ct)
    {
        var video = await session.LoadAsync<VideoSummary>(query.VideoId, ct);
        return video is null || video.OwnerId != query.OwnerId ? null : VideoView.From(video);
    }
}

public sealed class GetVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}", async (Guid id, HttpContext http, IMessageBus bus) =>
                await bus.InvokeAsync<VideoView?>(new GetVideo(id, http.User.OwnerId()), http.RequestAborted) is { } video
                    ? Results.Ok(video)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."))
            .WithTags("Videos")
            .WithSummary("One video: status, progress, variants, thumbnail, failures and step timestamps.")
            .Produces<VideoView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
