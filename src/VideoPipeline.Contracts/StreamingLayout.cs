using VideoPipeline.MediaEngine;

namespace VideoPipeline.Contracts;

/// <summary>
/// The names of a video's streaming files, and the routes and media types they are served with: where Processing
/// stores them and how Playback serves them. The file names are the media engine's (<see cref="CmafLayout"/>). Every rendition is stored once as CMAF (fragmented MP4) under
/// <c>videos/&lt;id&gt;/cmaf/&lt;rendition&gt;/</c>, and both the HLS playlists and the DASH manifest name those same files.
/// </summary>
public static class StreamingLayout
{
    /// <summary>The storage folder under <c>videos/&lt;id&gt;/</c>.</summary>
    public const string Folder = "cmaf";

    /// <summary>The name of the audio-only AAC rendition, next to the video rungs (<c>audio/index.m3u8</c>).</summary>
    public const string AudioRendition = CmafLayout.AudioRendition;

    /// <summary>The media segment at <paramref name="index"/> of a rendition (<c>seg_00000.m4s</c>).</summary>
    public static string Segment(int index) => CmafLayout.Segment(index);

    /// <summary>The same names as a DASH <c>SegmentTemplate</c> (numbered from 0).</summary>
    public const string SegmentTemplate = CmafLayout.SegmentTemplate;

    /// <summary>Each rendition's CMAF header (the <c>EXT-X-MAP</c> of HLS, the <c>Initialization</c> of DASH).</summary>
    public const string InitSegment = CmafLayout.InitSegment;

    /// <summary>Each rendition's media playlist, in a folder named for the rendition (<c>480p/index.m3u8</c>).</summary>
    public const string MediaPlaylist = CmafLayout.MediaPlaylist;

    public const string MasterPlaylist = CmafLayout.MasterPlaylist;

    public const string DashManifest = CmafLayout.DashManifest;

    /// <summary>Whether <paramref name="fileName"/> is one a rendition's folder holds: its header or one of its segments.</summary>
    public static bool IsRenditionFile(string fileName) => CmafLayout.IsRenditionFile(fileName);

    /// <summary>
    /// The storage key of a file a stored media playlist under <paramref name="folderKey"/> names: relative to the
    /// playlist's folder, or, starting with <c>/</c>, a key from the bucket's root (a clip's playlist names its parent's
    /// segments so).
    /// </summary>
    public static string KeyOf(string folderKey, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.StartsWith('/') ? uri[1..] : $"{folderKey}/{uri}";
    }

    /// <summary>How a stored media playlist names a file stored at <paramref name="key"/> in another video's folder (see <see cref="KeyOf"/>).</summary>
    public static string RootUri(string key) => "/" + key;

    /// <summary>The route segment of the HLS playlists under <c>/videos/{id}/</c>.</summary>
    public const string HlsRoute = "hls";

    /// <summary>The route segment of the DASH manifest under <c>/videos/{id}/</c>.</summary>
    public const string DashRoute = "dash";

    public const string PlaylistContentType = CmafLayout.PlaylistContentType;

    public const string DashContentType = CmafLayout.DashContentType;
}
