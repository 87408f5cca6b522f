using JasperFx.Events;
using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Catalog;

public sealed class VideoSummaryProjection : SingleStreamProjection<VideoSummary, Guid>
{
    public static VideoSummary Create(IEvent<UploadRequested> e)
    {
        var video = new VideoSummary
        {
            Id = e.Data.VideoId,
            OwnerId = e.Data.OwnerId,
            SourceUrl = e.Data.SourceUrl?.GetLeftPart(UriPartial.Path),
            Source = e.Data.SourceUrl is null ? VideoSources.Upload : VideoSources.Url,
            SizeBytes = e.Data.DeclaredSizeBytes,
            Steps = { RequestedAt = AsStored(e.Timestamp) },
        };
        video.SetDetails(e.Data.Title, e.Data.Passthrough, e.Data.Metadata);
        return video;
    }

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

    public static void Apply(VideoDetailsEdited e, VideoSummary video) => video.SetDetails(e.Title, e.Passthrough, e.Metadata);

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

    /// <summary>A live broadcast's recording: encoded as it arrives, so it is processing from the start.</summary>
    public static void Apply(IEvent<LiveRecordingStarted> e, VideoSummary video)
    {
        video.Source = VideoSources.Live;
        video.LiveStreamId = e.Data.LiveStreamId;
        video.Status = VideoStatus.Processing;
        video.Steps.ProcessingStartedAt ??= AsStored(e.Timestamp);
    }

    /// <summary>A clip: cut from its parent's stored segments, it plays at once.</summary>
    public static void Apply(IEvent<ClipCreated> e, VideoSummary video)
    {
        video.Source = VideoSources.Clip;
        video.Clip = new ClipOrigin(e.Data.ClipOf, e.Data.StartSeconds, e.Data.EndSeconds);
        video.Status = VideoStatus.Processing;
        video.Steps.ProcessingStartedAt ??= AsStored(e.Timestamp);
    }

    public static void Apply(ClipMadeFrameAccurate _, VideoSummary video) => video.Clip = video.Clip is null ? null : video.Clip with { FrameAccurate = true };

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
        video.Retryable = !e.Data.WillRetry && e.Data.DeadLetterId is not null;
        if (!e.Data.WillRetry)
        {
            video.Status = VideoStatus.Failed;
            video.Steps.FailedAt = AsStored(e.Timestamp);
        }
    }

    public static void Apply(ProcessingRetryRequested _, VideoSummary video)
    {
        video.Status = VideoStatus.Uploaded;
        video.Retryable = false;
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
