namespace VideoPipeline.MediaEngine;

/// <summary>
/// The stored segments of a rendition that hold a stretch of its timeline: its header, the segments in order (as its media
/// playlist names them, relative to the playlist), and where the first begins and the last ends on the timeline. Joined,
/// the header and the segments are one fragmented MP4 whose time 0 is <see cref="StartSeconds"/>.
/// </summary>
public sealed record SegmentSpan(string InitUri, IReadOnlyList<string> Segments, double StartSeconds, double EndSeconds)
{
    /// <summary>
    /// The segments of <paramref name="mediaPlaylist"/> (a stored HLS media playlist) that hold any of <paramref name="fromSeconds"/>
    /// to <paramref name="toSeconds"/>; a moment at or past the end is in the last segment. Null when the playlist names no
    /// header or no segment.
    /// </summary>
    public static SegmentSpan? Covering(string mediaPlaylist, double fromSeconds, double toSeconds)
    {
        var playlist = MediaPlaylist.Parse(mediaPlaylist);
        if (playlist.InitUri is not { } init || playlist.Segments.Count == 0)
        {
            return null;
        }

        var chosen = new List<string>();
        double start = 0, end = 0, at = 0;
        foreach (var segment in playlist.Segments)
        {
            var (segmentStart, segmentEnd) = (at, at + segment.DurationSeconds);
            at = segmentEnd;
            if (segmentEnd > fromSeconds && (segmentStart < toSeconds || segmentStart <= fromSeconds))
            {
                start = chosen.Count == 0 ? segmentStart : start;
                end = segmentEnd;
                chosen.Add(segment.Uri);
            }
        }

        if (chosen.Count == 0)
        {
            var last = playlist.Segments[^1];
            return new SegmentSpan(init, [last.Uri], at - last.DurationSeconds, at);
        }

        return new SegmentSpan(init, chosen, start, end);
    }
}
