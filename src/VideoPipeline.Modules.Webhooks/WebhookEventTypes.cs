namespace VideoPipeline.Modules.Webhooks;

/// <summary>
/// The event types an endpoint can subscribe to: a video's lifecycle (<c>video.*</c>), its caption tracks
/// (<c>caption.*</c>) and live streams (<c>live_stream.*</c>).
/// </summary>
public static class WebhookEventTypes
{
    private const string Video = "video.";
    public const string UploadCompleted = Video + "upload.completed";
    public const string Playable = Video + "playable";
    public const string Processed = Video + "processed";
    public const string Failed = Video + "failed";
    public const string Deleted = Video + "deleted";

    private const string Caption = "caption.";
    public const string CaptionAdded = Caption + "added";

    private const string LiveStream = "live_stream.";
    public const string LiveStreamActive = LiveStream + "active";
    public const string LiveStreamDisconnected = LiveStream + "disconnected";
    public const string LiveStreamIdle = LiveStream + "idle";
    public const string LiveStreamSimulcastTargetFailed = LiveStream + "simulcast_target_failed";

    public static IReadOnlyList<string> All { get; } =
        [UploadCompleted, Playable, Processed, Failed, Deleted, CaptionAdded, LiveStreamActive, LiveStreamDisconnected, LiveStreamIdle,
         LiveStreamSimulcastTargetFailed];
}
