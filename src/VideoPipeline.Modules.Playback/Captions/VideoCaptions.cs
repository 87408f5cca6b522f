namespace VideoPipeline.Modules.Playback.Captions;

/// <summary>The caption tracks of a video: the state adding and removing a track decide from.</summary>
public sealed class VideoCaptions
{
    public const int MaxTracks = 30;

    public Guid Id { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>The video's media landed: only then can it have captions (a video that never had any bytes holds none).</summary>
    public bool Uploaded { get; set; }

    /// <summary>Language → label.</summary>
    public Dictionary<string, string> Tracks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static VideoCaptions Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId };

    public void Apply(UploadCompleted _) => Uploaded = true;

    /// <summary>A clip has media from its first moment.</summary>
    public void Apply(ClipCreated _) => Uploaded = true;

    public void Apply(CaptionAdded e) => Tracks[e.Language] = e.Label;

    public void Apply(CaptionRemoved e) => Tracks.Remove(e.Language);
}

/// <summary>One caption track's WebVTT, kept in the Playback schema and served by the service under the playback grant.</summary>
public sealed class CaptionTrack
{
    public string Id { get; set; } = "";
    public Guid VideoId { get; set; }
    public string Language { get; set; } = "";
    public string Label { get; set; } = "";
    public string WebVtt { get; set; } = "";

    public static string IdOf(Guid videoId, string language) => $"{videoId:N}/{language.ToLowerInvariant()}";

    /// <summary>A video's track of a language, or null (also for something that is not a language tag).</summary>
    public static async Task<CaptionTrack?> FindAsync(IQuerySession session, Guid videoId, string language, CancellationToken ct) =>
        CaptionLanguage.IsValid(language) ? await session.LoadAsync<CaptionTrack>(IdOf(videoId, CaptionLanguage.Normalize(language)), ct) : null;

    /// <summary>A video's tracks, by language.</summary>
    public static async Task<IReadOnlyList<CaptionTrack>> OfAsync(IQuerySession session, Guid videoId, CancellationToken ct) =>
        await session.Query<CaptionTrack>().Where(t => t.VideoId == videoId).OrderBy(t => t.Language).ToListAsync(ct);
}

/// <summary>
/// A deleted video keeps no caption track: they go in the transaction that records its objects purged (nothing of a
/// deleted video is served meanwhile), so they last as long as clips play its segments, and play its tracks.
/// </summary>
public sealed partial class CaptionTracksOfDeletedVideos : Marten.Events.Projections.EventProjection
{
    public static void Project(VideoObjectsPurged purged, IDocumentOperations operations) =>
        operations.DeleteWhere<CaptionTrack>(t => t.VideoId == purged.VideoId);
}
