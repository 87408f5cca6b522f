using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live.RemovingSimulcastTargets;

/// <summary>The owner removes a simulcast target: nothing is forwarded to it from now on, and forwarding the broadcast under way to it stops at once.</summary>
public sealed record RemoveSimulcastTarget(Guid LiveStreamId, Guid TargetId, string OwnerId);

public static class RemoveSimulcastTargetHandler
{
    public const string NoSuchTarget = "Simulcast target not found.";

    public static Decision Decide(LiveStream? stream, Guid targetId) =>
        stream is null || stream.Deleted ? Decision.Refused(LiveStreamWrites.Gone)
        : stream.SimulcastTargets.TrueForAll(t => t.Id != targetId) ? Decision.Refused(NoSuchTarget)
        : new Decision(null, [new SimulcastTargetRemoved(stream.Id, targetId)], null, []);

    public static async Task<Answer> Handle(
        RemoveSimulcastTarget command, IDocumentSession session, QuotaOptions quotas, ClusterAnnouncer announcer, TimeProvider clock, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, command.LiveStreamId, command.OwnerId, ct) is null)
        {
            return LiveStreamWrites.NotFound;
        }

        var decision = await LiveStreamWrites.DecideAsync(session, command.LiveStreamId, stream => Decide(stream, command.TargetId), quotas, clock.GetUtcNow(), ct);
        switch (decision.Refusal)
        {
            case LiveStreamWrites.Gone:
                return LiveStreamWrites.NotFound;
            case { } refusal:
                return Answer.NotFound(refusal);
        }

        SimulcastChanges.AfterCommit(announcer, session);
        return Answer.NoContent;
    }
}

internal sealed class RemoveSimulcastTargetEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete("/live-streams/{id:guid}/simulcast-targets/{targetId:guid}", (Guid id, Guid targetId, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new RemoveSimulcastTarget(id, targetId, http.User.OwnerId()), http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("Remove a simulcast target: nothing is forwarded to it from now on, and forwarding the broadcast under way to it stops at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
