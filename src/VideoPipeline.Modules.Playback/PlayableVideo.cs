using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Playback;

/// <summary>The Playback module's read model: who owns a video and which of its objects can be played.</summary>
public sealed class PlayableVideo
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public List<PlayableRendition> Renditions { get; set; } = [];
    public string? ThumbKey { get; set; }

    /// <summary>The remuxed source, played until the ladder's first rendition is ready.</summary>
    public PlayableRendition? Original { get; set; }

    /// <summary>The stored HLS master playlist, once the whole ladder is packaged.</summary>
    public string? HlsMasterKey { get; set; }

    /// <summary>Resolution → stored media playlist of that rung.</summary>
    public Dictionary<string, string> HlsPlaylists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Nothing of a deleted video is served, whatever a URL signed before the deletion says.</summary>
    public bool Deleted { get; set; }
}

public sealed record PlayableRendition(string Resolution, string Key, int Height);

public sealed class PlayableVideoProjection : SingleStreamProjection<PlayableVideo, Guid>
{
    public static PlayableVideo Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId };

    public static void Apply(RenditionReady e, PlayableVideo video)
    {
        video.Renditions.RemoveAll(r => r.Resolution == e.Resolution);
        video.Renditions.Add(new PlayableRendition(e.Resolution, e.Key, e.Height));
        video.Renditions.Sort((a, b) => b.Height.CompareTo(a.Height));
    }

    public static void Apply(OriginalReady e, PlayableVideo video) =>
        video.Original = new PlayableRendition("original", e.Key, e.Height);

    public static void Apply(ThumbnailReady e, PlayableVideo video) => video.ThumbKey = e.Key;

    public static void Apply(VideoDeleted _, PlayableVideo video) => video.Deleted = true;

    public static void Apply(HlsReady e, PlayableVideo video)
    {
        video.HlsMasterKey = e.MasterKey;
        video.HlsPlaylists = e.Variants.ToDictionary(v => v.Resolution, v => v.PlaylistKey, StringComparer.Ordinal);
    }
}
