using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing;

/// <summary>The Processing module's view of a video stream: what is already done, so an attempt redoes only the rest.</summary>
public sealed class TranscodeJob
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string? RawKey { get; set; }

    /// <summary>The raw object as completion sealed it; downloads are pinned to it.</summary>
    public ObjectVersion? RawVersion { get; set; }

    /// <summary>What the guard found the upload to be, once it accepted it.</summary>
    public SourceMedia? Source { get; set; }

    public HashSet<string> Renditions { get; set; } = new(StringComparer.Ordinal);
    public bool HasOriginal { get; set; }
    public bool HasThumbnail { get; set; }
    public bool HasHls { get; set; }
    public bool Completed { get; set; }
    public bool Failed { get; set; }

    /// <summary>The envelope of the last attempt, kept in the dead-letter store after its retries ran out.</summary>
    public Guid? DeadLetterId { get; set; }

    /// <summary>The video was deleted: nothing more is made of it.</summary>
    public bool Deleted { get; set; }

    /// <summary>Why the upload itself was refused (never processed, so never retried), or null.</summary>
    public string? UploadRejectedBecause { get; set; }

    /// <summary>Something can already be played: the remuxed original or a rendition.</summary>
    public bool IsPlayable => HasOriginal || Renditions.Count > 0;

    /// <summary>The upload landed, nothing stopped it for good, and something is still missing.</summary>
    public bool NeedsWork => RawKey is not null && !Completed && !Failed && UploadRejectedBecause is null && !Deleted;

    public static TranscodeJob Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId };

    public void Apply(UploadCompleted e)
    {
        RawKey = e.RawKey;
        RawVersion = e.ETag is null ? null : new ObjectVersion(e.ETag, e.SizeBytes);
    }

    public void Apply(SourceInspected e) => Source = SourceMedia.From(e);

    public void Apply(ProcessingStarted _) => Failed = false;

    public void Apply(OriginalReady _) => HasOriginal = true;

    public void Apply(RenditionReady e) => Renditions.Add(e.Resolution);

    public void Apply(ThumbnailReady _) => HasThumbnail = true;

    public void Apply(HlsReady _) => HasHls = true;

    public void Apply(ProcessingCompleted _) => Completed = true;

    public void Apply(ProcessingAttemptFailed e)
    {
        Failed = !e.WillRetry;
        DeadLetterId = e.DeadLetterId;
    }

    public void Apply(ProcessingRetryRequested _)
    {
        Failed = false;
        DeadLetterId = null;
    }

    public void Apply(UploadRejected e) => UploadRejectedBecause = e.Reason;

    public void Apply(VideoDeleted _) => Deleted = true;
}
