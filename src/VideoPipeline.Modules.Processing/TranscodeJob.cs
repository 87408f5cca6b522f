using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing;

/// <summary>The Processing module's view of a video stream: what is already done, so an attempt redoes only the rest.</summary>
public sealed class TranscodeJob
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string? RawKey { get; set; }

    /// <summary>The raw object as completion sealed it; downloads are pinned to it.</summary>
    public ObjectVersion? RawVersion { get; set; }

    /// <summary>MP4 downloads the upload asked for beyond the default one.</summary>
    public List<string> RequestedStaticRenditions { get; set; } = [];

    /// <summary>What the guard found the upload to be, once it accepted it.</summary>
    public SourceMedia? Source { get; set; }

    /// <summary>Finished CMAF renditions (rungs and audio), by name.</summary>
    public Dictionary<string, StreamRenditionReady> StreamRenditions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The growing playlists are published: the video plays.</summary>
    public bool StreamingStarted { get; set; }

    /// <summary>The final HLS master playlist and DASH manifest are published.</summary>
    public bool StreamingReady { get; set; }

    /// <summary>MP4 downloads stored, by rung name.</summary>
    public HashSet<string> StaticRenditions { get; set; } = new(StringComparer.Ordinal);

    public bool HasThumbnail { get; set; }

    /// <summary>The seek previews' sprite is stored.</summary>
    public bool HasStoryboard { get; set; }
    public bool Completed { get; set; }
    public bool Failed { get; set; }

    /// <summary>The envelope of the last attempt, kept in the dead-letter store after its retries ran out.</summary>
    public Guid? DeadLetterId { get; set; }

    /// <summary>The video was deleted: nothing more is made of it.</summary>
    public bool Deleted { get; set; }

    /// <summary>Why the upload itself was refused (never processed, so never retried), or null.</summary>
    public string? UploadRejectedBecause { get; set; }

    /// <summary>The upload landed, nothing stopped it for good, and something is still missing.</summary>
    public bool NeedsWork => RawKey is not null && !Completed && !Failed && UploadRejectedBecause is null && !Deleted;

    /// <summary>Every CMAF rendition of the ladder (once the source is known) that is not finished yet.</summary>
    internal IReadOnlyList<StreamOutput> MissingStreamOutputs =>
        Source is null ? [] : LadderPlanner.Outputs(Source).Where(o => !StreamRenditions.ContainsKey(o.Name)).ToList();

    /// <summary>Every MP4 download (once the source is known) that is not stored yet.</summary>
    internal IReadOnlyList<Rendition> MissingStaticRenditions =>
        Source is null ? [] : StaticRenditionsOf(LadderPlanner.Plan(Source), RequestedStaticRenditions)
            .Where(r => !StaticRenditions.Contains(r.Name)).ToList();

    /// <summary>
    /// The rungs that also get an MP4 download: the 480p one (the seed's <c>480p.mp4</c>; the top rung when the source is
    /// smaller), plus those the upload asked for that the ladder has.
    /// </summary>
    internal static IReadOnlyList<Rendition> StaticRenditionsOf(IReadOnlyList<Rendition> ladder, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(requested);
        var byDefault = ladder.FirstOrDefault(r => r.Name == Rungs.DefaultStatic) ?? ladder[0];
        return ladder.Where(r => r == byDefault || requested.Contains(r.Name)).ToList();
    }

    public static TranscodeJob Create(UploadRequested e) => new()
    {
        Id = e.VideoId,
        OwnerId = e.OwnerId,
        RequestedStaticRenditions = [.. e.StaticRenditions ?? []],
    };

    public void Apply(UploadCompleted e)
    {
        RawKey = e.RawKey;
        RawVersion = e.ETag is null ? null : new ObjectVersion(e.ETag, e.SizeBytes);
    }

    public void Apply(SourceInspected e) => Source = RecordedSources.Media(e);

    public void Apply(ProcessingStarted _) => Failed = false;

    public void Apply(StreamingStarted _) => StreamingStarted = true;

    public void Apply(StreamRenditionReady e) => StreamRenditions[e.Rendition] = e;

    public void Apply(StreamingReady _) => StreamingReady = true;

    public void Apply(RenditionReady e) => StaticRenditions.Add(e.Resolution);

    public void Apply(ThumbnailReady _) => HasThumbnail = true;

    public void Apply(StoryboardReady _) => HasStoryboard = true;

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
