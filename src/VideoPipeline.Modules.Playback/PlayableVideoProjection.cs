using Marten.Events.Aggregation;

namespace VideoPipeline.Modules.Playback;

public sealed class PlayableVideoProjection : SingleStreamProjection<PlayableVideo, Guid>
{
    public static PlayableVideo Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId, Title = e.Title };

    public static void Apply(VideoDetailsEdited e, PlayableVideo video) => video.Title = e.Title;

    public static void Apply(SourceInspected e, PlayableVideo video) => video.DurationSeconds = e.DurationSeconds;

    public static void Apply(StoryboardReady e, PlayableVideo video) => video.Storyboard = e;

    public static void Apply(RenditionReady e, PlayableVideo video)
    {
        video.Renditions.RemoveAll(r => r.Resolution == e.Resolution);
        video.Renditions.Add(new PlayableRendition(e.Resolution, e.Key, e.Height));
        video.Renditions.Sort((a, b) => b.Height.CompareTo(a.Height));
    }

    public static void Apply(StreamRenditionReady e, PlayableVideo video)
    {
        if (e.Width == 0)
        {
            return; // the audio rendition
        }

        video.Rungs.RemoveAll(r => r.Rendition == e.Rendition);
        video.Rungs.Add(new PlayableRung(e.Rendition, e.Width, e.Height, e.PlaylistKey));
        video.Rungs.Sort((a, b) => ((long)a.Width * a.Height).CompareTo((long)b.Width * b.Height));
    }

    public static void Apply(ThumbnailReady e, PlayableVideo video) => video.ThumbKey = e.Key;

    public static void Apply(StreamingStarted e, PlayableVideo video)
    {
        Stream(video, e.HlsMasterKey, e.Playlists);
        video.DashManifestKey = e.DashManifestKey;
    }

    public static void Apply(StreamingReady e, PlayableVideo video)
    {
        Stream(video, e.HlsMasterKey, e.Playlists);
        video.DashManifestKey = e.DashManifestKey;
    }

    public static void Apply(OriginalReady e, PlayableVideo video) =>
        video.Original = new PlayableRendition("original", e.Key, e.Height);

    public static void Apply(HlsReady e, PlayableVideo video) =>
        Stream(video, e.MasterKey, e.Variants.Select(v => new StreamPlaylist(v.Resolution, v.PlaylistKey)));

    public static void Apply(ClipCreated e, PlayableVideo video)
    {
        video.ClipOf = e.ClipOf;
        video.CaptionsOf = e.SegmentsOf;
        video.TimelineStartSeconds = e.CutStartSeconds;
    }

    public static void Apply(ClipMadeFrameAccurate e, PlayableVideo video)
    {
        video.TimelineStartSeconds = e.StartSeconds;
        video.DurationSeconds = e.DurationSeconds;
        video.FrameAccuratePlaylists = e.Playlists.ToDictionary(p => p.Rendition, p => p.Key, StringComparer.Ordinal);
        if (e.DashManifestKey is { } dash)
        {
            video.DashManifestKey = dash;
            video.DashPlaysFrameAccurate = true;
        }
    }

    public static void Apply(VideoDeleted _, PlayableVideo video) => video.Deleted = true;

    private static void Stream(PlayableVideo video, string masterKey, IEnumerable<StreamPlaylist> playlists)
    {
        video.HlsMasterKey = masterKey;
        video.HlsPlaylists = playlists.ToDictionary(p => p.Rendition, p => p.Key, StringComparer.Ordinal);
    }
}
