using JasperFx;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Catalog.DeletingVideos;

/// <summary>
/// The owner (or an admin) deletes a video; ownership is checked before this runs, and this route alone still answers
/// for a video already deleted, so that a repeated call is accepted again and changes nothing.
/// </summary>
public sealed record DeleteVideo([property: Identity] Guid VideoId, string DeletedBy);

public static class DeleteVideoHandler
{
    /// <summary>
    /// Under the stream's lock, so that a completion or a transcode's record racing it is decided either before (and then
    /// stopped by the deletion) or after (and then refused).
    /// </summary>
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Answer, Events, OutgoingMessages) Handle(DeleteVideo command, CatalogVideo? video) =>
        video is null ? (Answer.VideoNotFound, [], []) : video.Delete(command.DeletedBy);
}

internal sealed class DeleteVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Delete, "/videos/{id:guid}", (id, owner) => new DeleteVideo(id, owner))
            .WithMetadata(new AnswersForDeletedVideos())
            .WithTags("Videos")
            .WithSummary("Delete the video: every stored object is removed, a running transcode stops, and the video is not found from then on.")
            .Produces(StatusCodes.Status202Accepted);
}
