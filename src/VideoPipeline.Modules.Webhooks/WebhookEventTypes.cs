namespace VideoPipeline.Modules.Webhooks;

/// <summary>The event types an endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string UploadCompleted = "video.upload.completed";
    public const string Playable = "video.playable";
    public const string Processed = "video.processed";
    public const string Failed = "video.failed";
    public const string Deleted = "video.deleted";
    public const string CaptionAdded = "caption.added";

    public static IReadOnlyList<string> All { get; } = [UploadCompleted, Playable, Processed, Failed, Deleted, CaptionAdded];
}
