using JasperFx.Events;
using Marten.Events.Aggregation;
using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>
/// Projects <see cref="WebhookVideo"/> inline, and, as a side effect of the same commit, turns each lifecycle event into
/// one delivery per endpoint of the owner that subscribed to it: the delivery document and its first
/// <see cref="DeliverWebhook"/> message are written in the transaction that appends the event (the
/// outbox), whichever module appended it. Side effects do not run when the projection is rebuilt. An owner known to have
/// no endpoint (<see cref="OwnersWithEndpoints"/>, most owners) costs no query.
/// </summary>
public sealed class WebhookVideoProjection(OwnersWithEndpoints owners) : SingleStreamProjection<WebhookVideo, Guid>
{
    public static WebhookVideo Create(UploadRequested e)
    {
        var video = new WebhookVideo { Id = e.VideoId, OwnerId = e.OwnerId };
        video.SetDetails(e.Title, e.Passthrough, e.Metadata);
        return video;
    }

    public static void Apply(VideoDetailsEdited e, WebhookVideo video) => video.SetDetails(e.Title, e.Passthrough, e.Metadata);

    public static void Apply(UploadCompleted e, WebhookVideo video)
    {
        video.Status = VideoStatus.Uploaded;
        video.SizeBytes = e.SizeBytes;
    }

    public static void Apply(ProcessingStarted _, WebhookVideo video)
    {
        if (video.Status != VideoStatus.Processed)
        {
            video.Status = VideoStatus.Processing;
        }
    }

    /// <summary>The first segments of every rendition are published: the video plays from here on.</summary>
    public static void Apply(IEvent<StreamingStarted> e, WebhookVideo video) => video.PlayableEventId ??= e.Id;

    public static void Apply(StreamRenditionReady e, WebhookVideo video)
    {
        if (e.Width > 0)
        {
            Add(video, new WebhookRendition(e.Rendition, e.Width, e.Height));
        }
    }

    /// <summary>Streams recorded before streaming: the remuxed source played first.</summary>
    public static void Apply(IEvent<OriginalReady> e, WebhookVideo video)
    {
        video.PlayableEventId ??= e.Id;
        Add(video, new WebhookRendition("original", e.Data.Width, e.Data.Height));
    }

    /// <summary>An MP4 download; in streams recorded before streaming, a rung of the ladder.</summary>
    public static void Apply(IEvent<RenditionReady> e, WebhookVideo video)
    {
        video.PlayableEventId ??= e.Id;
        Add(video, new WebhookRendition(e.Data.Resolution, e.Data.Width, e.Data.Height));
    }

    public static void Apply(ProcessingCompleted _, WebhookVideo video) => video.Status = VideoStatus.Processed;

    public static void Apply(ProcessingAttemptFailed e, WebhookVideo video)
    {
        if (!e.WillRetry)
        {
            (video.Status, video.Error) = (VideoStatus.Failed, e.Error);
        }
    }

    public static void Apply(UploadRejected e, WebhookVideo video) => (video.Status, video.Error) = (VideoStatus.Failed, e.Reason);

    public static void Apply(UrlIngestFailed e, WebhookVideo video) => (video.Status, video.Error) = (VideoStatus.Failed, e.Reason);

    public static void Apply(ProcessingRetryRequested _, WebhookVideo video) => (video.Status, video.Error) = (VideoStatus.Uploaded, null);

    public static void Apply(VideoDeleted _, WebhookVideo video) => video.Status = VideoStatus.Deleted;

    /// <summary>Changes nothing of the video, but a projection's slices only hold the event types it applies: this one is notified.</summary>
    public static void Apply(CaptionAdded _, WebhookVideo video)
    {
    }

    public override async ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<WebhookVideo> slice)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Snapshot is not { } video)
        {
            return;
        }

        var notices = slice.Events().Select(e => Notices.Of(e, video)).OfType<WebhookEvent>()
            .Select(e => new PendingNotice(e.Id, e.Type, e.CreatedAt, e.ToJson())).ToList();
        await NoticeDeliveries.QueueAsync(operations, owners, video.OwnerId, notices, message => slice.PublishMessage(message));
    }

    private static void Add(WebhookVideo video, WebhookRendition rendition)
    {
        video.Renditions.RemoveAll(r => r.Resolution == rendition.Resolution);
        video.Renditions.Add(rendition);
    }
}
