using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>The Webhooks module's view of a live stream: whose it is and where its broadcast is.</summary>
public sealed class WebhookLiveStreamState
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Status { get; set; } = "idle";
    public Guid? ActiveVideoId { get; set; }
}

/// <summary>The body of a <c>live_stream.*</c> delivery: <c>{id, type, createdAt, data}</c>, <paramref name="Id"/> the live stream event's id.</summary>
public sealed record LiveStreamNotice(Guid Id, string Type, DateTimeOffset CreatedAt, LiveStreamNoticeData Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <param name="VideoId">The video recording the broadcast this is about.</param>
/// <param name="Reason">Why the broadcast ended, with <c>live_stream.idle</c>; why the target failed, with <c>live_stream.simulcast_target_failed</c>.</param>
/// <param name="SimulcastTargetId">The failed target's id (its status is then "failed").</param>
public sealed record LiveStreamNoticeData(Guid LiveStreamId, string Status, Guid VideoId, string? Reason = null, Guid? SimulcastTargetId = null);

/// <summary>
/// Projects <see cref="WebhookLiveStreamState"/> inline and, in the commit of the events, queues a delivery per subscribed
/// endpoint of the owner: <c>live_stream.active</c> when a publisher starts or comes back, <c>live_stream.disconnected</c>
/// when it leaves, <c>live_stream.idle</c> when the broadcast ends, <c>live_stream.simulcast_target_failed</c> when forwarding to a target failed for good.
/// </summary>
public sealed class WebhookLiveStreamProjection : SingleStreamProjection<WebhookLiveStreamState, Guid>
{
    private readonly OwnersWithEndpoints _owners;

    public WebhookLiveStreamProjection(OwnersWithEndpoints owners)
    {
        _owners = owners;
        // Heard about without changing the state: an aggregation is only given the events it applies or is told to include.
        IncludeType<SimulcastTargetReported>();
    }

    public static WebhookLiveStreamState Create(LiveStreamCreated e) => new() { Id = e.LiveStreamId, OwnerId = e.OwnerId };

    public static void Apply(BroadcastStarted e, WebhookLiveStreamState stream) => (stream.Status, stream.ActiveVideoId) = ("active", e.VideoId);

    public static void Apply(PublisherReconnected _, WebhookLiveStreamState stream) => stream.Status = "active";

    public static void Apply(PublisherDisconnected _, WebhookLiveStreamState stream) => stream.Status = "disconnected";

    public static void Apply(BroadcastEnded _, WebhookLiveStreamState stream) => (stream.Status, stream.ActiveVideoId) = ("idle", null);

    /// <summary>The notice <paramref name="e"/> causes, or null for an event integrators do not hear about.</summary>
    public static LiveStreamNotice? Of(IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Data switch
        {
            BroadcastStarted started => Notice(e, WebhookEventTypes.LiveStreamActive, new(started.LiveStreamId, "active", started.VideoId)),
            PublisherReconnected back => Notice(e, WebhookEventTypes.LiveStreamActive, new(back.LiveStreamId, "active", back.VideoId)),
            PublisherDisconnected gone => Notice(e, WebhookEventTypes.LiveStreamDisconnected, new(gone.LiveStreamId, "disconnected", gone.VideoId)),
            BroadcastEnded ended => Notice(e, WebhookEventTypes.LiveStreamIdle, new(ended.LiveStreamId, "idle", ended.VideoId, ended.Reason)),
            SimulcastTargetReported { Status: "failed" } failed => Notice(e, WebhookEventTypes.LiveStreamSimulcastTargetFailed,
                new(failed.LiveStreamId, failed.Status, failed.VideoId, failed.Reason, failed.TargetId)),
            _ => null,
        };
    }

    private static LiveStreamNotice Notice(IEvent e, string type, LiveStreamNoticeData data) => new(e.Id, type, e.Timestamp, data);

    public override async ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<WebhookLiveStreamState> slice)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Snapshot is not { } stream)
        {
            return;
        }

        var notices = slice.Events().Select(Of).OfType<LiveStreamNotice>()
            .Select(n => new PendingNotice(n.Id, n.Type, n.CreatedAt, n.ToJson())).ToList();
        await NoticeDeliveries.QueueAsync(operations, _owners, stream.OwnerId, notices, message => slice.PublishMessage(message));
    }
}
