namespace VideoPipeline.Modules.Catalog.GettingVideos;

/// <summary>One video (ownership is checked before this runs, for every per-video route).</summary>
public sealed record GetVideo(Guid VideoId);

public static class GetVideoHandler
{
    public static async Task<Answer> Handle(GetVideo query, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<VideoSummary>(query.VideoId, ct) is { } video ? Answer.Ok(VideoView.From(video)) : Answer.VideoNotFound;
}

internal sealed class GetVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}", (Guid id, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(new GetVideo(id), ct))
            .WithTags("Videos")
            .WithSummary("One video: status, progress, variants, thumbnail, failures and step timestamps.")
            .Produces<VideoView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
