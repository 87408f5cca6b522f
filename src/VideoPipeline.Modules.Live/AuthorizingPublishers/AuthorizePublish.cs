using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Tenants;
using VideoPipeline.Modules.Live.Ingesting;

namespace VideoPipeline.Modules.Live.AuthorizingPublishers;

/// <summary>The ingest server asks whether a publisher with this stream key may start (before it takes a byte of it).</summary>
public sealed record AuthorizePublish(string StreamKey, string PublisherId);

/// <summary>Accepted: the stream is renamed to <paramref name="StreamName"/> on the ingest server; refused: why.</summary>
public sealed record PublishVerdict(string? StreamName, string? Refusal);

public static class AuthorizePublishHandler
{
    private static readonly TimeSpan ReconnectPatience = TimeSpan.FromSeconds(5);

    public static async Task<(PublishVerdict, OutgoingMessages)> Handle(
        AuthorizePublish command, IDocumentSession session, IOwnerStanding standing, NodeIdentity node, QuotaOptions quotas, LiveOptions options,
        TimeProvider clock, LiveIngests ingests, ILogger<LiveStream> logger, CancellationToken ct)
    {
        var hash = StreamKeys.LooksLikeKey(command.StreamKey) ? StreamKeys.HashOf(command.StreamKey) : null;
        var found = hash is null ? null : await session.Query<LiveStream>().FirstOrDefaultAsync(s => s.KeyHash == hash && !s.Deleted, ct);
        if (found is null)
        {
            logger.LogWarning("A publish was refused: {Reason}", Broadcasts.UnknownKey);
            return (new PublishVerdict(null, Broadcasts.UnknownKey), []);
        }

        // A publisher coming back waits (briefly: the ingest server waits for this answer) for its last connection's final segments.
        var stillReading = await ingests.StillReadingAfterAsync(found.Id, ReconnectPatience);
        var now = clock.GetUtcNow();
        // A publisher back through another node while its broadcast still looks live: the old connection's reader lost its lease.
        var lease = found.Status == LiveStreamStatus.Active ? await session.LoadAsync<IngestLease>(IngestLease.IdOf(found.Id, found.Connection), ct) : null;
        var lost = Broadcasts.LostConnection(found, lease?.Until, now);
        var attempt = new PublishAttempt(
            command.PublisherId, node.Name, await standing.IsSuspendedAsync(found.OwnerId, ct), Guid.CreateVersion7(), now, now + options.IngestLease, stillReading, lost);
        var decision = await LiveStreamWrites.DecideAsync(
            session, found.Id, stream => stream?.KeyHash == hash ? Broadcasts.Publish(stream, attempt) : Decision.Refused(Broadcasts.UnknownKey), quotas, now, ct);
        if (decision.Refusal is { } refusal)
        {
            logger.LogWarning("A publish to live stream {LiveStreamId} was refused: {Reason}", found.Id, refusal);
            return (new PublishVerdict(null, refusal), []);
        }

        if (decision.Messages.OfType<RunLiveIngest>().SingleOrDefault() is { } reading)
        {
            session.Store(IngestLease.For(found.Id, reading.Connection, node.Name, attempt.LeaseUntil));
        }

        return (new PublishVerdict(Broadcasts.StreamNameOf(found.Id), null), decision.Messages);
    }
}

/// <summary>An ingest server refused a publisher on its first look (<see cref="Broadcasts.Screen"/>): the stream's owner is shown why.</summary>
public sealed record RecordPublishRefused(Guid LiveStreamId, string Reason);

public static class RecordPublishRefusedHandler
{
    public static async Task Handle(RecordPublishRefused command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        await LiveStreamWrites.DecideAsync(session, command.LiveStreamId,
            stream => stream is null ? Decision.Nothing : new Decision(command.Reason, [new PublishRefused(stream.Id, command.Reason)], null, []),
            quotas, clock.GetUtcNow(), ct);
}

/// <summary>The ingest server says a publisher left.</summary>
public sealed record PublisherLeft(string StreamName, string PublisherId);

public static class PublisherLeftHandler
{
    public static async Task<OutgoingMessages> Handle(
        PublisherLeft command, IDocumentSession session, NodeIdentity node, QuotaOptions quotas, TimeProvider clock, CancellationToken ct)
    {
        // nginx-rtmp may name the stream as the publisher did (the key) or as it was renamed; its client id on this node is what counts.
        var id = LiveStreamOfName(command.StreamName) ?? (await session.Query<LiveStream>().FirstOrDefaultAsync(
            s => s.Node == node.Name && s.PublisherId == command.PublisherId && s.Status == LiveStreamStatus.Active, ct))?.Id;
        if (id is null)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var decision = await LiveStreamWrites.DecideAsync(
            session, id.Value, stream => stream is not null && stream.Node == node.Name ? Broadcasts.Disconnect(stream, command.PublisherId, now) : Decision.Nothing,
            quotas, now, ct);
        return decision.Messages;
    }

    /// <summary>The live stream an accepted publish was renamed for (<see cref="Broadcasts.StreamNameOf"/>); null for any other name.</summary>
    public static Guid? LiveStreamOfName(string name) =>
        name.StartsWith("ls_", StringComparison.Ordinal) && Guid.TryParseExact(name[3..], "N", out var id) ? id : null;
}

/// <summary>
/// nginx-rtmp's <c>on_publish</c>, <c>on_update</c> and <c>on_publish_done</c>. A publish is accepted with a redirect to the stream's own
/// name (nginx-rtmp renames the stream: the key goes no further than this call), refused with any other answer.
/// </summary>
internal sealed class IngestCallbackEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var rtmp = app.MapGroup("/live/rtmp").AllowAnonymous().ExcludeFromDescription();
        rtmp.MapPost("/on-publish", async (HttpContext http, LiveOptions options, IMessageBus bus) =>
        {
            if (!IngestCallbacks.Allowed(http, options))
            {
                return Results.NotFound();
            }

            if (await IngestCallbacks.ReadAsync(http.Request) is not var (name, client))
            {
                return Answer.Invalid("The callback must carry the stream's name and client id.").ToHttp();
            }

            var verdict = await bus.InvokeAsync<PublishVerdict>(new AuthorizePublish(name, client), http.RequestAborted);
            return verdict.StreamName is { } renamed ? Results.Redirect(renamed) : Answer.Forbidden("The publish is refused.", verdict.Refusal).ToHttp();
        });
        // Every few seconds for each client (notify_update_strict): a node that does not answer is gone, and its ingest
        // server drops its publishers, who come back through the balancer to a node that is there.
        rtmp.MapPost("/on-update", (HttpContext http, LiveOptions options) => IngestCallbacks.Allowed(http, options) ? Results.NoContent() : Results.NotFound());
        rtmp.MapPost("/on-publish-done", async (HttpContext http, LiveOptions options, IMessageBus bus) =>
        {
            if (!IngestCallbacks.Allowed(http, options))
            {
                return Results.NotFound();
            }

            if (await IngestCallbacks.ReadAsync(http.Request) is var (name, client))
            {
                await bus.InvokeAsync(new PublisherLeft(name, client), http.RequestAborted);
            }

            return Results.NoContent();
        });
    }
}
