using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live.CompletingBroadcasts;

/// <summary>The owner ends the broadcast under way now: the publisher is dropped and the recording finished.</summary>
public sealed record CompleteBroadcast(Guid LiveStreamId, string OwnerId);

public static class CompleteBroadcastHandler
{
    public static async Task<(Answer, OutgoingMessages)> Handle(
        CompleteBroadcast command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, command.LiveStreamId, command.OwnerId, ct) is null)
        {
            return (LiveStreamWrites.NotFound, []);
        }

        var decision = await LiveStreamWrites.DecideAsync(
            session, command.LiveStreamId, stream => Broadcasts.End(stream!, "The owner completed the broadcast."), quotas, clock.GetUtcNow(), ct);
        return decision.Refusal is { } refusal
            ? (Answer.Conflict(refusal, "The live stream is idle: there is nothing to complete."), [])
            : (Answer.Accepted($"/live-streams/{command.LiveStreamId}"), decision.Messages);
    }
}

internal sealed class CompleteBroadcastEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Post, "/live-streams/{id:guid}/complete", (id, owner) => new CompleteBroadcast(id, owner))
            .WithTags("Live streams")
            .WithSummary("End the broadcast now: the publisher is disconnected and the recording becomes a finished video.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
