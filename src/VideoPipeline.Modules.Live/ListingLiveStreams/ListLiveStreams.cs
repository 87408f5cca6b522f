using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live.ListingLiveStreams;

/// <summary>The caller's live streams, newest first.</summary>
public sealed record ListLiveStreams(string OwnerId);

/// <summary>One of the caller's live streams.</summary>
public sealed record GetLiveStream(Guid LiveStreamId, string OwnerId);

/// <summary>One simulcast target of one of the caller's live streams.</summary>
public sealed record GetSimulcastTarget(Guid LiveStreamId, Guid TargetId, string OwnerId);

public static class ListLiveStreamsHandler
{
    private const int MostListed = 500;

    public static async Task<Answer> Handle(ListLiveStreams query, IQuerySession session, LiveOptions options, CancellationToken ct)
    {
        var streams = await session.Query<LiveStream>()
            .Where(s => s.OwnerId == query.OwnerId && !s.Deleted)
            .OrderByDescending(s => s.Id)
            .Take(MostListed)
            .ToListAsync(ct);
        return Answer.Ok(streams.Select(s => LiveStreamView.Of(s, options)).ToList());
    }
}

public static class GetLiveStreamHandler
{
    public static async Task<Answer> Handle(GetLiveStream query, IQuerySession session, LiveOptions options, CancellationToken ct) =>
        await LiveStreamWrites.OwnedAsync(session, query.LiveStreamId, query.OwnerId, ct) is { } stream
            ? Answer.Ok(LiveStreamView.Of(stream, options))
            : LiveStreamWrites.NotFound;
}

public static class GetSimulcastTargetHandler
{
    public static async Task<Answer> Handle(GetSimulcastTarget query, IQuerySession session, CancellationToken ct) =>
        await LiveStreamWrites.OwnedAsync(session, query.LiveStreamId, query.OwnerId, ct) is not { } stream ? LiveStreamWrites.NotFound
        : stream.SimulcastTargets.Find(t => t.Id == query.TargetId) is { } target ? Answer.Ok(SimulcastTargetView.Of(target))
        : Answer.NotFound(RemovingSimulcastTargets.RemoveSimulcastTargetHandler.NoSuchTarget);
}

internal sealed class ListLiveStreamsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/live-streams", (HttpContext http, IMessageBus bus) => bus.AnswerAsync(new ListLiveStreams(http.User.OwnerId()), http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("Your live streams (at most 500), newest first: status, the broadcast under way, the recordings.")
            .Produces<IReadOnlyList<LiveStreamView>>();
        app.MapGet("/live-streams/{id:guid}", (Guid id, HttpContext http, IMessageBus bus) => bus.AnswerAsync(new GetLiveStream(id, http.User.OwnerId()), http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("One live stream: status (idle, active, disconnected), the video recording the broadcast under way, the recordings.")
            .Produces<LiveStreamView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/live-streams/{id:guid}/simulcast-targets/{targetId:guid}", (Guid id, Guid targetId, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new GetSimulcastTarget(id, targetId, http.User.OwnerId()), http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("One simulcast target (its key masked) and how forwarding the broadcast under way to it goes.")
            .Produces<SimulcastTargetView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
