namespace VideoPipeline.Modules.Playback.Hls;

/// <summary>The names under <c>/videos/{id}/hls/</c>, the same as the stored layout so relative URIs in playlists resolve alike.</summary>
public static class HlsRoutes
{
    public const string MasterPlaylist = "master.m3u8";
    public const string MediaPlaylist = "index.m3u8";
    public const string PlaylistContentType = "application/vnd.apple.mpegurl";
}
