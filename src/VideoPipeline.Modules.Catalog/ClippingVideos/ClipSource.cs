namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>
/// The Catalog module's view of a video as a clip is cut from it (a live aggregation of its stream): whose it is, its
/// title, what was inspected of it, its finished CMAF renditions and where their segments belong.
/// </summary>
public sealed class ClipSource
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Title { get; set; } = "";
    public bool Deleted { get; set; }
    public SourceInspected? Inspected { get; set; }

    /// <summary>Every rendition (video rungs and the audio) once finished, by name.</summary>
    public Dictionary<string, StreamRenditionReady> Renditions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The final manifests: every rendition is finished (a live recording once its broadcast is over).</summary>
    public StreamingReady? Streaming { get; set; }

    /// <summary>The video whose folder holds the segments this one plays: itself, or for a clip, the one it was cut from.</summary>
    public Guid SegmentsOf { get; set; }

    /// <summary>Where this video's own timeline starts in that of <see cref="SegmentsOf"/> (0 but for a clip).</summary>
    public double CutStartSeconds { get; set; }

    /// <summary>
    /// Where this video's timeline, as its HLS plays it, starts in that of <see cref="SegmentsOf"/>: <see cref="CutStartSeconds"/>
    /// until a clip is made frame-accurate, then the moment its owner asked for.
    /// </summary>
    public double TimelineStartSeconds { get; set; }

    /// <summary>The clip's edges were encoded again (<see cref="ClipMadeFrameAccurate"/>).</summary>
    public bool FrameAccurate { get; set; }

    public static ClipSource Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId, Title = e.Title, SegmentsOf = e.VideoId };

    public void Apply(VideoDetailsEdited e) => Title = e.Title;

    public void Apply(SourceInspected e) => Inspected = e;

    public void Apply(StreamRenditionReady e) => Renditions[e.Rendition] = e;

    public void Apply(StreamingReady e) => Streaming = e;

    public void Apply(ClipCreated e)
    {
        SegmentsOf = e.SegmentsOf;
        CutStartSeconds = e.CutStartSeconds;
        TimelineStartSeconds = e.CutStartSeconds;
    }

    public void Apply(ClipMadeFrameAccurate e)
    {
        FrameAccurate = true;
        TimelineStartSeconds = e.StartSeconds;
        Inspected = Inspected is null ? null : Inspected with { DurationSeconds = e.DurationSeconds };
    }

    public void Apply(VideoDeleted _) => Deleted = true;
}

/// <summary>
/// A clip's hold on the segments it plays (one row per clip, in the Catalog's schema): the video they belong to is purged
/// of them only once no hold names it. Stored with the clip's first events; removed when the clip's own objects are purged.
/// </summary>
public sealed class ClipHold
{
    /// <summary>The clip.</summary>
    public Guid Id { get; set; }

    public Guid SegmentsOf { get; set; }
}
