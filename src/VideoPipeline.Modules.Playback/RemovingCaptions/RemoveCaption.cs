using JasperFx;
using VideoPipeline.Modules.Playback.Captions;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Playback.RemovingCaptions;

/// <summary>Remove a caption track (ownership is checked before this runs); removing one that is not there changes nothing.</summary>
public sealed record RemoveCaption([property: Identity] Guid VideoId, string Language);

public static class RemoveCaptionHandler
{
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Answer, Events, IMartenOp) Handle(RemoveCaption command, VideoCaptions? captions)
    {
        if (captions is null)
        {
            return (Answer.VideoNotFound, [], MartenOps.Nothing());
        }

        if (!CaptionLanguage.IsValid(command.Language))
        {
            return (Answer.Invalid("Not a language tag.", CaptionLanguage.Rule), [], MartenOps.Nothing());
        }

        var language = CaptionLanguage.Normalize(command.Language);
        return captions.Tracks.ContainsKey(language)
            ? (Answer.NoContent, [new CaptionRemoved(command.VideoId, language)], MartenOps.Delete<CaptionTrack>(CaptionTrack.IdOf(command.VideoId, language)))
            : (Answer.NoContent, [], MartenOps.Nothing());
    }
}

internal sealed class RemoveCaptionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete("/videos/{id:guid}/captions/{language}", (Guid id, string language, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new RemoveCaption(id, language), ct))
            .WithTags("Playback")
            .WithSummary("Remove a caption track.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
