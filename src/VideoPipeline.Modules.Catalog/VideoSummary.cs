using JasperFx.Events;
using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Catalog;

/// <summary>The read model behind the list, the detail and the dashboard: one document per video stream.</summary>
public sealed class VideoSummary
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Passthrough { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the service downloads the video from (<c>POST /videos/from-url</c>), without its query (which may hold a credential).</summary>
    public string? SourceUrl { get; set; }

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
    public VideoSteps Steps { get; set; } = new();
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

public sealed class VideoSummaryProjection : SingleStreamProjection<VideoSummary, Guid>
{
    public static VideoSummary Create(IEvent<UploadRequested> e) => new()
    {
        Id = e.Data.VideoId,
        OwnerId = e.Data.OwnerId,
        Title = e.Data.Title,
        Passthrough = e.Data.Passthrough,
        Metadata = e.Data.Metadata is null ? new(StringComparer.Ordinal) : new(e.Data.Metadata, StringComparer.Ordinal),
        SourceUrl = e.Data.SourceUrl?.GetLeftPart(UriPartial.Path),
        SizeBytes = e.Data.DeclaredSizeBytes,
        Steps = { RequestedAt = AsStored(e.Timestamp) },
    };

    public static void Apply(IEvent<UploadCompleted> e, VideoSummary video)
    {
        video.Status = VideoStatus.Uploaded;
        video.SizeBytes = e.Data.SizeBytes;
        video.Steps.UploadedAt = AsStored(e.Timestamp);
    }

    public static void Apply(IEvent<UploadRejected> e, VideoSummary video)
    {
        video.Status = VideoStatus.Failed;
        video.SizeBytes = e.Data.SizeBytes;
        video.FailCount++;
        video.LastError = e.Data.Reason;
        video.Steps.UploadedAt = AsStored(e.Timestamp);
        video.Steps.FailedAt = AsStored(e.Timestamp);
    }

    public static void Apply(UploadExpired _, VideoSummary video) => video.Status = VideoStatus.Expired;

    public static void Apply(IEvent<UrlIngestFailed> e, VideoSummary video)
    {
        video.Status = VideoStatus.Failed;
        video.FailCount++;
        video.LastError = e.Data.Reason;
        video.Steps.FailedAt = AsStored(e.Timestamp);
    }

    public static void Apply(VideoDetailsEdited e, VideoSummary video)
    {
        video.Title = e.Title;
        video.Passthrough = e.Passthrough;
        video.Metadata = new(e.Metadata, StringComparer.Ordinal);
    }

    /// <summary>Kept (its stream is the audit record), but never listed or shown, and counted in no queue.</summary>
    public static void Apply(VideoDeleted _, VideoSummary video) => video.Status = VideoStatus.Deleted;

    public static void Apply(IEvent<ProcessingStarted> e, VideoSummary video)
    {
        // A retry of a video that is already playable keeps it "processed" while the missing parts are redone.
        if (video.Status != VideoStatus.Processed)
        {
            video.Status = VideoStatus.Processing;
        }

        video.Steps.ProcessingStartedAt ??= AsStored(e.Timestamp);
    }

    public static void Apply(ProcessingProgressed e, VideoSummary video) => video.Progress = Math.Round(e.Percent, 1);

    public static void Apply(IEvent<StreamingStarted> e, VideoSummary video) => video.Steps.PlayableAt ??= AsStored(e.Timestamp);

    public static void Apply(StreamRenditionReady e, VideoSummary video)
    {
        if (e.Width > 0)
        {
            Replace(video.Variants, new VideoVariant(e.Rendition, e.PlaylistKey, e.Width, e.Height));
        }
    }

    public static void Apply(IEvent<RenditionReady> r, VideoSummary video)
    {
        video.Steps.PlayableAt ??= AsStored(r.Timestamp);
        Replace(video.StaticRenditions, new VideoVariant(r.Data.Resolution, r.Data.Key, r.Data.Width, r.Data.Height));
    }

    /// <summary>Earlier versions made sources browsers play remuxed and playable first.</summary>
    public static void Apply(IEvent<OriginalReady> e, VideoSummary video) => video.Steps.PlayableAt ??= AsStored(e.Timestamp);

    public static void Apply(ThumbnailReady e, VideoSummary video) => video.ThumbKey = e.Key;

    public static void Apply(IEvent<ProcessingCompleted> e, VideoSummary video)
    {
        video.Status = VideoStatus.Processed;
        video.Progress = 100;
        video.Steps.ProcessedAt = AsStored(e.Timestamp);
    }

    public static void Apply(IEvent<ProcessingAttemptFailed> e, VideoSummary video)
    {
        video.FailCount++;
        video.LastError = e.Data.Error;
        if (!e.Data.WillRetry)
        {
            video.Status = VideoStatus.Failed;
            video.Steps.FailedAt = AsStored(e.Timestamp);
        }
    }

    public static void Apply(ProcessingRetryRequested _, VideoSummary video)
    {
        video.Status = VideoStatus.Uploaded;
        video.Steps.FailedAt = null;
    }

    private static void Replace(List<VideoVariant> variants, VideoVariant variant)
    {
        variants.RemoveAll(v => v.Resolution == variant.Resolution);
        variants.Add(variant);
        variants.Sort((a, b) => b.Height.CompareTo(a.Height));
    }

    /// <summary>
    /// An event's timestamp at PostgreSQL's microsecond precision. Inline, the projection sees the timestamp before it is
    /// stored (100 ns ticks); a rebuild sees the stored one; both must give the same document.
    /// </summary>
    private static DateTimeOffset AsStored(DateTimeOffset timestamp) =>
        new(timestamp.Ticks - (timestamp.Ticks % 10), timestamp.Offset);
}
