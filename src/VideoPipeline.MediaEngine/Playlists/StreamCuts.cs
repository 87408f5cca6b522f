namespace VideoPipeline.MediaEngine;

/// <summary>A rendition of a stream cut from another's stored segments, as its manifests describe it.</summary>
/// <param name="Name">The rung ("720p") or the audio rendition ("audio"), which is also its folder.</param>
/// <param name="Width">0 for the audio rendition.</param>
/// <param name="Playlist">Its media playlist (the one <see cref="StreamCuts.Cut"/> wrote).</param>
public sealed record CutRendition(string Name, string Codecs, int Width, int Height, long PeakBitsPerSecond, long AverageBitsPerSecond, string Playlist);

/// <summary>The media playlist of a cut, and the stretch of the original timeline its segments hold.</summary>
public sealed record CutPlaylist(string Playlist, double StartSeconds, double EndSeconds, int Segments);

/// <summary>
/// A stream made of a stretch of another stream's stored segments, cut at their boundaries, nothing encoded: its media
/// playlists (naming the original files), its HLS master playlist and its DASH manifest.
/// </summary>
public static class StreamCuts
{
    /// <summary>
    /// The finished media playlist of the segments of <paramref name="storedPlaylist"/> that hold any of
    /// <paramref name="fromSeconds"/> to <paramref name="toSeconds"/> (<see cref="SegmentSpan.Covering"/>), each file
    /// named as <paramref name="rename"/> says (the playlist is stored elsewhere than the files); null when the playlist
    /// names no segment.
    /// </summary>
    public static CutPlaylist? Cut(string storedPlaylist, double fromSeconds, double toSeconds, double targetSeconds, Func<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        if (SegmentSpan.Covering(storedPlaylist, fromSeconds, toSeconds) is not { } span)
        {
            return null;
        }

        var chosen = span.Segments.ToHashSet(StringComparer.Ordinal);
        var segments = MediaPlaylist.Parse(storedPlaylist).Segments
            .Where(s => chosen.Contains(s.Uri))
            .Select(s => new PlaylistSegment(rename(s.Uri), s.DurationSeconds))
            .ToList();
        var playlist = new MediaPlaylist(rename(span.InitUri), segments, Ended: true).Write(targetSeconds);
        return new CutPlaylist(playlist, span.StartSeconds, span.EndSeconds, segments.Count);
    }

    /// <summary>The HLS master playlist of the cut renditions, each media playlist at <c>{name}/index.m3u8</c> beside it.</summary>
    public static string HlsMaster(IReadOnlyList<CutRendition> renditions)
    {
        var (video, audio) = Manifested(renditions);
        return StreamManifests.HlsMaster(video, audio);
    }

    /// <summary>
    /// The static DASH manifest of the cut renditions: segments numbered from 0 in each rendition's folder, on a timeline
    /// that starts where the first segment's media time does (<paramref name="startSeconds"/> of the original), which
    /// players take as the presentation's start.
    /// </summary>
    public static string Dash(IReadOnlyList<CutRendition> renditions, double startSeconds)
    {
        var (video, audio) = Manifested(renditions);
        return StreamManifests.Dash(video, audio, startSeconds);
    }

    private static (List<ManifestRendition> Video, ManifestRendition? Audio) Manifested(IReadOnlyList<CutRendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var all = renditions.Select(r => new ManifestRendition(
            r.Name, new CmafHeader(r.Codecs, r.Width, r.Height, r.Width > 0), r.PeakBitsPerSecond, r.AverageBitsPerSecond, MediaPlaylist.Parse(r.Playlist))).ToList();
        return (all.Where(r => r.Header.IsVideo).ToList(), all.FirstOrDefault(r => !r.Header.IsVideo));
    }
}
