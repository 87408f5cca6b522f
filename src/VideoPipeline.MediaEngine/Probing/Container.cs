namespace VideoPipeline.MediaEngine;

/// <summary>
/// A container format the service accepts, by the ffmpeg demuxer that reads it. The demuxer is forced on every run, so
/// ffmpeg never guesses again what a file is.
/// </summary>
/// <param name="Demuxer">The ffmpeg demuxer name passed to <c>-f</c>.</param>
/// <param name="Description">What a person calls it.</param>
/// <param name="SafetyOptions">Demuxer options that keep it on the file's own bytes (for MP4/MOV: never follow data references).</param>
/// <param name="HasIndex">
/// The duration comes from the file's header or index, which may promise more than a cut-off file holds. Without one
/// (MPEG-TS, MPEG-PS) the duration is measured from the timestamps at the end of the data, and a seek lands between
/// keyframes.
/// </param>
public sealed record Container(string Demuxer, string Description, string SafetyOptions = "", bool HasIndex = true)
{
    /// <summary>The MP4 family: the service's own renditions, and uploads from phones and cameras.</summary>
    public static Container Mp4 { get; } = new("mov", "MP4/MOV", "-enable_drefs 0 -use_absolute_path 0");

    /// <summary>Pictures ffmpeg makes itself from a lavfi source graph (the engine's own, never an upload's): nothing is read.</summary>
    internal static Container Generated { get; } = new("lavfi", "a generated picture");

    /// <summary>
    /// The allow-list. Each is a real container of coded streams whose demuxer reads only the bytes of the file it opens.
    /// Left out on purpose: demuxers that follow references to other files or URLs (HLS and DASH playlists, concat lists,
    /// image sequences, SDP/RTP/RTSP, ...), demuxers that present any bytes as "text art" (tty, bin, ...), and rarer
    /// formats (ASF/WMV, RealMedia, ...) whose demuxers are attack surface few uploads need.
    /// </summary>
    public static IReadOnlyList<Container> Accepted { get; } =
    [
        Mp4,
        new("matroska", "Matroska/WebM"),
        new("mpegts", "MPEG-TS", HasIndex: false),
        new("mpeg", "MPEG-PS", HasIndex: false),
        new("avi", "AVI"),
        new("flv", "FLV"),
        new("mxf", "MXF"),
        new("ogg", "Ogg"),
    ];

    /// <summary>The demuxers of <see cref="Accepted"/>, as ffmpeg's <c>-format_whitelist</c> takes them.</summary>
    public static string Whitelist { get; } = string.Join(',', Accepted.Select(c => c.Demuxer));

    /// <summary>"MP4/MOV, Matroska/WebM, ...": what an owner is told the service accepts.</summary>
    public static string AcceptedDescriptions { get; } = string.Join(", ", Accepted.Select(c => c.Description));

    /// <summary>The accepted container of an ffprobe <c>format_name</c> ("mov,mp4,m4a,3gp,3g2,mj2") or demuxer name, or null.</summary>
    public static Container? Of(string? formatName) =>
        formatName is null
            ? null
            : Accepted.FirstOrDefault(c => formatName.Split(',').Contains(c.Demuxer, StringComparer.Ordinal));
}
