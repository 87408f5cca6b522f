namespace VideoPipeline.Modules.Live.ResettingStreamKeys;

/// <summary>The owner replaces a live stream's key: the old one is refused from now on; a publisher already live stays.</summary>
public sealed record ResetStreamKey(Guid LiveStreamId, string OwnerId);

/// <summary>The new key: the only time it is shown.</summary>
public sealed record ResetKeyAnswer(Guid Id, string StreamKey, Uri RtmpUrl, Uri? SrtUrl);

public static class ResetStreamKeyHandler
{
    public static async Task<Answer> Handle(ResetStreamKey command, IDocumentSession session, LiveOptions options, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, command.LiveStreamId, command.OwnerId, ct) is null)
        {
            return LiveStreamWrites.NotFound;
        }

        var key = StreamKeys.NewKey();
        session.Events.Append(command.LiveStreamId, new LiveStreamKeyReset(command.LiveStreamId, StreamKeys.HashOf(key)));
        return Answer.Ok(new ResetKeyAnswer(command.LiveStreamId, key, options.RtmpUrl, options.SrtUrlFor(key)));
    }
}

internal sealed class ResetStreamKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Post, "/live-streams/{id:guid}/reset-key", (id, owner) => new ResetStreamKey(id, owner))
            .WithTags("Live streams")
            .WithSummary("Replace the stream key; the answer holds the new key, shown only here. The old key is refused from now on.")
            .Produces<ResetKeyAnswer>();
}
