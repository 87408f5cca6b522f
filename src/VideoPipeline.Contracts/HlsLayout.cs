namespace VideoPipeline.Contracts;

/// <summary>The names and media types of a video's HLS files: where Processing stores them and how Playback serves them.</summary>
public static class HlsLayout
{
    /// <summary>The folder under <c>videos/&lt;id&gt;/</c>, and the route segment under <c>/videos/{id}/</c>.</summary>
    public const string Folder = "hls";

    public const string MasterPlaylist = "master.m3u8";

    /// <summary>Each rung's media playlist, in a folder named for the rung (<c>480p/index.m3u8</c>).</summary>
    public const string MediaPlaylist = "index.m3u8";

    public const string PlaylistContentType = "application/vnd.apple.mpegurl";

    public const string SegmentContentType = "video/mp2t";
}
