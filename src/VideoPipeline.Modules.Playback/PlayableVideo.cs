using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Playback;

/// <summary>The Playback module's read model: who owns a video and which of its objects can be played.</summary>
public sealed class PlayableVideo
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>The MP4 renditions (downloads), largest first.</summary>
    public List<PlayableRendition> Renditions { get; set; } = [];
    public string? ThumbKey { get; set; }

    /// <summary>Earlier versions: the remuxed source, played until the ladder's first rendition was ready.</summary>
    public PlayableRendition? Original { get; set; }

    /// <summary>The stored HLS master playlist: growing from the first segments on, final once the ladder is done.</summary>
    public string? HlsMasterKey { get; set; }

    /// <summary>Rendition ("720p", "audio") → its stored media playlist.</summary>
    public Dictionary<string, string> HlsPlaylists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The stored DASH manifest, once every rendition is finished.</summary>
    public string? DashManifestKey { get; set; }

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

    public static void Apply(ThumbnailReady e, PlayableVideo video) => video.ThumbKey = e.Key;

    public static void Apply(StreamingStarted e, PlayableVideo video) => Stream(video, e.HlsMasterKey, e.Playlists);

    public static void Apply(StreamingReady e, PlayableVideo video)
    {
        Stream(video, e.HlsMasterKey, e.Playlists);
        video.DashManifestKey = e.DashManifestKey;
    }

    public static void Apply(OriginalReady e, PlayableVideo video) =>
        video.Original = new PlayableRendition("original", e.Key, e.Height);

    public static void Apply(HlsReady e, PlayableVideo video) =>
        Stream(video, e.MasterKey, e.Variants.Select(v => new StreamPlaylist(v.Resolution, v.PlaylistKey)));

    public static void Apply(VideoDeleted _, PlayableVideo video) => video.Deleted = true;

    private static void Stream(PlayableVideo video, string masterKey, IEnumerable<StreamPlaylist> playlists)
    {
        video.HlsMasterKey = masterKey;
        video.HlsPlaylists = playlists.ToDictionary(p => p.Rendition, p => p.Key, StringComparer.Ordinal);
    }
}
