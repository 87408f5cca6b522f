namespace VideoPipeline.Modules.Catalog;

/// <summary>The read model behind the list, the detail and the dashboard: one document per video stream.</summary>
public sealed class VideoSummary : VideoDetailsDocument
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>Where the service downloads the video from (<c>POST /videos/from-url</c>), without its query (which may hold a credential).</summary>
    public string? SourceUrl { get; set; }

    /// <summary>Where the video came from: "upload", "url" (<see cref="SourceUrl"/>) or "live" (a live stream's broadcast).</summary>
    public string Source { get; set; } = VideoSources.Upload;

    /// <summary>For a "clip": what it is a clip of, and the stretch asked for.</summary>
    public ClipOrigin? Clip { get; set; }

    /// <summary>The live stream whose broadcast this video records, for a "live" video.</summary>
    public Guid? LiveStreamId { get; set; }

    public string Status { get; set; } = VideoStatus.AwaitingUpload;
    public double Progress { get; set; }
    public long? SizeBytes { get; set; }
    /// <summary>The ladder: every rung streamed as CMAF (HLS and DASH), largest first; the key is its media playlist.</summary>
    public List<VideoVariant> Variants { get; set; } = [];

    /// <summary>The MP4 downloads (the seed's <c>480p.mp4</c>, and any asked for at the upload), largest first.</summary>
    public List<VideoVariant> StaticRenditions { get; set; } = [];
    public string? ThumbKey { get; set; }
    public int FailCount { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// A failed video whose retry can succeed as things are: its last attempt ran out of retries on a transient failure. A
    /// refusal (not a video, over a limit, a rejected upload or source) would fail the same way again.
    /// </summary>
    public bool Retryable { get; set; }
    public VideoSteps Steps { get; set; } = new();
}

public static class VideoSources
{
    public const string Upload = "upload";
    public const string Url = "url";
    public const string Live = "live";
    public const string Clip = "clip";
}

/// <summary>A clip's origin: the video it was cut from and the stretch of it asked for, in seconds.</summary>
public sealed record ClipOrigin(Guid ClipOf, double Start, double End)
{
    /// <summary>Its HLS plays exactly that stretch (the edges encoded again); until then, the segments covering it.</summary>
    public bool FrameAccurate { get; init; }
}

public sealed record VideoVariant(string Resolution, string Key, int Width, int Height);

public sealed class VideoSteps
{
    public DateTimeOffset? RequestedAt { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
    public DateTimeOffset? ProcessingStartedAt { get; set; }

    /// <summary>When the video first became playable: its first segments were published (earlier versions: a remux or a first MP4).</summary>
    public DateTimeOffset? PlayableAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
}
