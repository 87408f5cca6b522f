namespace VideoPipeline.Modules.Webhooks.Notifying;

/// <summary>The Webhooks module's view of a video: what its payloads say about it.</summary>
public sealed class WebhookVideo : VideoDetailsDocument
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Status { get; set; } = VideoStatus.AwaitingUpload;
    public long? SizeBytes { get; set; }
    public List<WebhookRendition> Renditions { get; set; } = [];

    /// <summary>The event that first made the video playable: the one <c>video.playable</c> is sent for, once.</summary>
    public Guid? PlayableEventId { get; set; }

    public string? Error { get; set; }
}

public sealed record WebhookRendition(string Resolution, int Width, int Height);
