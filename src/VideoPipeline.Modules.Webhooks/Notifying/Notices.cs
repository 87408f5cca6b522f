using JasperFx.Events;

namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>Which events of a video's stream an integrator hears about, and what each says.</summary>
public static class Notices
{
    /// <summary>The webhook event <paramref name="e"/> causes, given the video as its commit left it; null for an event integrators do not hear about.</summary>
    public static WebhookEvent? Of(IEvent e, WebhookVideo video)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(video);
        var (type, status, error) = e.Data switch
        {
            UploadCompleted => (WebhookEventTypes.UploadCompleted, VideoStatus.Uploaded, null),
            StreamingStarted or OriginalReady or RenditionReady when e.Id == video.PlayableEventId => (WebhookEventTypes.Playable, video.Status, null),
            ProcessingCompleted => (WebhookEventTypes.Processed, VideoStatus.Processed, null),
            ProcessingAttemptFailed { WillRetry: false } failed => (WebhookEventTypes.Failed, VideoStatus.Failed, failed.Error),
            UploadRejected rejected => (WebhookEventTypes.Failed, VideoStatus.Failed, rejected.Reason),
            UrlIngestFailed failed => (WebhookEventTypes.Failed, VideoStatus.Failed, failed.Reason),
            VideoDeleted => (WebhookEventTypes.Deleted, VideoStatus.Deleted, null),
            CaptionAdded => (WebhookEventTypes.CaptionAdded, video.Status, null),
            _ => ((string?)null, "", (string?)null),
        };
        if (type is null)
        {
            return null;
        }

        var renditions = type is WebhookEventTypes.Playable or WebhookEventTypes.Processed
            ? video.Renditions.OrderByDescending(r => r.Height).ToList()
            : null;
        var caption = e.Data is CaptionAdded added ? new WebhookCaption(added.Language, added.Label, added.Cues) : null;
        return new WebhookEvent(e.Id, type, e.Timestamp, new WebhookVideoData(
            video.Id, video.Title, video.Passthrough, video.Metadata, status, video.SizeBytes, renditions, error, caption));
    }
}
