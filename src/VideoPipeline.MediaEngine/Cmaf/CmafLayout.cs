namespace VideoPipeline.MediaEngine;

/// <summary>
/// The names of the files the engine writes for a stream, relative to its destination: a folder per rendition holding
/// its CMAF header, its numbered segments and its media playlist, beside one HLS master playlist and one DASH manifest
/// that name those same files.
/// </summary>
public static class CmafLayout
{
    /// <summary>The name of the audio-only AAC rendition, next to the video rungs (<c>audio/index.m3u8</c>).</summary>
    public const string AudioRendition = "audio";

    /// <summary>The media segment at <paramref name="index"/> of a rendition (<c>seg_00000.m4s</c>).</summary>
    public static string Segment(int index) => $"seg_{index:D5}.m4s";

    /// <summary>The folder, inside a rendition's, of the parts (LL-HLS partial segments) published while it encodes.</summary>
    public const string PartsFolder = "parts";

    /// <summary>Part <paramref name="part"/> of the media segment at <paramref name="segment"/> (<c>parts/seg_00003.2.m4s</c>).</summary>
    public static string Part(int segment, int part) => $"{PartsFolder}/seg_{segment:D5}.{part}.m4s";

    /// <summary>Whether <paramref name="fileName"/> is named like a part in <see cref="PartsFolder"/> (<c>seg_00003.2.m4s</c>).</summary>
    public static bool IsPartFile(string fileName) =>
        fileName.Length is >= 15 and <= 18 && fileName.StartsWith("seg_", StringComparison.Ordinal) && fileName.EndsWith(".m4s", StringComparison.Ordinal)
        && fileName.AsSpan(4, 5).ToString().All(char.IsAsciiDigit) && fileName[9] == '.'
        && fileName[10..^4] is { Length: > 0 } index && index.All(char.IsAsciiDigit);

    /// <summary>The same names as a DASH <c>SegmentTemplate</c> (numbered from 0).</summary>
    public const string SegmentTemplate = "seg_$Number%05d$.m4s";

    /// <summary>Each rendition's CMAF header (the <c>EXT-X-MAP</c> of HLS, the <c>Initialization</c> of DASH).</summary>
    public const string InitSegment = "init.mp4";

    /// <summary>
    /// The header of piece <paramref name="piece"/> of a rendition played in pieces (a frame-accurate clip's DASH
    /// manifest: one Period per piece): <c>init.mp4</c>, then <c>init_1.mp4</c>, <c>init_2.mp4</c>.
    /// </summary>
    public static string PieceInit(int piece) => piece == 0 ? InitSegment : $"init_{piece}.mp4";

    /// <summary>Each rendition's media playlist, in a folder named for the rendition (<c>480p/index.m3u8</c>).</summary>
    public const string MediaPlaylist = "index.m3u8";

    /// <summary>A live input's sliding playlist, beside each rendition's whole one (<c>480p/live.m3u8</c>).</summary>
    public const string LivePlaylist = "live.m3u8";

    /// <summary>A live ladder's dynamic DASH manifest, beside the master playlist, rewritten as segments are stored.</summary>
    public const string LiveDashManifest = "live.mpd";

    public const string MasterPlaylist = "master.m3u8";

    public const string DashManifest = "manifest.mpd";

    public const string PlaylistContentType = "application/vnd.apple.mpegurl";

    public const string DashContentType = "application/dash+xml";

    /// <summary>Whether <paramref name="fileName"/> is one a rendition's folder holds: its header (or a piece's, <see cref="PieceInit"/>) or one of its segments.</summary>
    public static bool IsRenditionFile(string fileName) =>
        fileName == InitSegment
        || (fileName.Length == 10 && fileName.StartsWith("init_", StringComparison.Ordinal) && fileName[5] is >= '1' and <= '9' && fileName.EndsWith(".mp4", StringComparison.Ordinal))
        || (fileName.Length == 13 && fileName.StartsWith("seg_", StringComparison.Ordinal) && fileName.EndsWith(".m4s", StringComparison.Ordinal)
            && fileName.AsSpan(4, 5).ToString().All(char.IsAsciiDigit));

    /// <summary>A rendition's file, relative to the destination (<c>720p/seg_00003.m4s</c>).</summary>
    public static string RenditionFile(string rendition, string fileName) => $"{rendition}/{fileName}";
}
