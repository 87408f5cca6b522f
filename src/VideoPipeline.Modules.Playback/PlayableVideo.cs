namespace VideoPipeline.Modules.Playback;

/// <summary>The Playback module's read model: who owns a video and which of its objects can be played.</summary>
public sealed class PlayableVideo
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>What the player page shows as its title.</summary>
    public string Title { get; set; } = "";

    /// <summary>The source's duration once it is inspected (the length of a caption track's HLS playlist).</summary>
    public double DurationSeconds { get; set; }

    /// <summary>The seek previews, once stored.</summary>
    public StoryboardReady? Storyboard { get; set; }

    /// <summary>The MP4 renditions (downloads), largest first.</summary>
    public List<PlayableRendition> Renditions { get; set; } = [];
    public string? ThumbKey { get; set; }

    /// <summary>Earlier versions: the remuxed source, played until the ladder's first rendition was ready.</summary>
    public PlayableRendition? Original { get; set; }

    /// <summary>The stored HLS master playlist: growing from the first segments on, final once the ladder is done.</summary>
    public string? HlsMasterKey { get; set; }

    /// <summary>Rendition ("720p", "audio") → its stored media playlist.</summary>
    public Dictionary<string, string> HlsPlaylists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A clip made frame-accurate: rendition → its HLS media playlist of re-encoded edges, served in place of <see cref="HlsPlaylists"/>'.</summary>
    public Dictionary<string, string> FrameAccuratePlaylists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The clip's DASH manifest plays its frame-accurate pieces: its files are named after <see cref="FrameAccuratePlaylists"/>, not <see cref="HlsPlaylists"/>.</summary>
    public bool DashPlaysFrameAccurate { get; set; }

    /// <summary>The finished video rungs, smallest first: what the image API makes its pictures from.</summary>
    public List<PlayableRung> Rungs { get; set; } = [];

    /// <summary>The stored DASH manifest, once every rendition is finished.</summary>
    public string? DashManifestKey { get; set; }

    /// <summary>For a clip: the video it was cut from. Its playlists name files stored under another video's folder.</summary>
    public Guid? ClipOf { get; set; }

    /// <summary>For a clip: the video whose segments (and caption tracks) it plays, on whose timeline it starts at <see cref="TimelineStartSeconds"/>.</summary>
    public Guid? CaptionsOf { get; set; }

    /// <summary>
    /// For a clip: where its timeline starts on that of <see cref="CaptionsOf"/>: where its first segment does until it is
    /// made frame-accurate, then where its owner asked.
    /// </summary>
    public double TimelineStartSeconds { get; set; }

    /// <summary>Nothing of a deleted video is served, whatever a URL signed before the deletion says.</summary>
    public bool Deleted { get; set; }

    /// <summary>The MP4 files: the downloads once there are any; before that, for videos processed by earlier versions, the remuxed original.</summary>
    public IReadOnlyList<PlayableRendition> Files => Renditions.Count > 0 ? Renditions : Original is { } original ? [original] : [];

    public bool IsPlayable => Files.Count > 0 || HlsMasterKey is not null;

    /// <summary>The MP4 a plain <c>&lt;video src&gt;</c> plays: the default resolution when there is one, else the largest.</summary>
    public PlayableRendition? MainFile(string defaultResolution) =>
        Files.FirstOrDefault(r => r.Resolution == defaultResolution) ?? (Files.Count > 0 ? Files[0] : null);
}

public sealed record PlayableRendition(string Resolution, string Key, int Height);

/// <summary>A finished video rung of the ladder and its stored media playlist.</summary>
public sealed record PlayableRung(string Rendition, int Width, int Height, string PlaylistKey);
