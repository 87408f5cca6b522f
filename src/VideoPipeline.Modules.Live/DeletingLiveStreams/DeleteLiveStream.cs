using VideoPipeline.BuildingBlocks.Quotas;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Live.DeletingLiveStreams;

/// <summary>
/// The owner deletes a live stream: its key is refused, its <c>liveStreams</c> quota given back; a broadcast under way
/// ends and its recording is deleted. Earlier recordings are ordinary videos and stay.
/// </summary>
public sealed record DeleteLiveStream(Guid LiveStreamId, string OwnerId);

public static class DeleteLiveStreamHandler
{
    public static async Task<(Answer, OutgoingMessages, IMartenOp)> Handle(
        DeleteLiveStream command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, command.LiveStreamId, command.OwnerId, ct) is null)
        {
            return (LiveStreamWrites.NotFound, [], MartenOps.Nothing());
        }

        var decision = await LiveStreamWrites.DecideAsync(
            session, command.LiveStreamId, stream => Broadcasts.Delete(stream!, command.OwnerId), quotas, clock.GetUtcNow(), ct);
        return (Answer.NoContent, decision.Messages, QuotaLedger.Release(QuotaSubject.LiveStream(command.LiveStreamId), QuotaNames.LiveStreams));
    }
}

internal sealed class DeleteLiveStreamEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Delete, "/live-streams/{id:guid}", (id, owner) => new DeleteLiveStream(id, owner))
            .WithTags("Live streams")
            .WithSummary("Delete the live stream: its key is refused, a broadcast under way ends and its recording is deleted.")
            .Produces(StatusCodes.Status204NoContent);
}
