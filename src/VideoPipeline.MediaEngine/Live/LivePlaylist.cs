using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// The sliding live playlist of a rendition (<c>live.m3u8</c>, beside its growing <c>index.m3u8</c>): the newest
/// segments within the DVR window, numbered by their place in the whole broadcast (<c>EXT-X-MEDIA-SEQUENCE</c>), each with
/// its <c>EXT-X-PROGRAM-DATE-TIME</c>; no playlist type and no end, so a player starts near the live edge and reloads it.
/// </summary>
internal static class LivePlaylist
{
    /// <summary>The fewest segments a live playlist names, however short the window (HLS asks for three target durations).</summary>
    private const int FewestSegments = 3;

    /// <summary>The first of <paramref name="segments"/> a live playlist or manifest names: the window's, of this run (with a time), at least three.</summary>
    public static int FirstInWindow(IReadOnlyList<PlaylistSegment> segments, IReadOnlyList<DateTimeOffset?> times, double windowSeconds)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(times);
        var first = segments.Count;
        var seconds = 0.0;
        while (first > 0 && times[first - 1] is not null && (seconds < windowSeconds || segments.Count - first < FewestSegments))
        {
            first--;
            seconds += segments[first].DurationSeconds;
        }

        return first;
    }

    /// <param name="times">When each of <paramref name="segments"/> began; only segments of this run (with a time) are named.</param>
    public static string Write(
        string initUri, IReadOnlyList<PlaylistSegment> segments, IReadOnlyList<DateTimeOffset?> times, double windowSeconds, double targetSeconds)
    {
        var first = FirstInWindow(segments, times, windowSeconds);
        var named = segments.Skip(first).ToList();
        var target = Math.Max((int)Math.Ceiling(targetSeconds - 0.001), (int)Math.Round(named.Select(s => s.DurationSeconds).DefaultIfEmpty(0).Max()));
        // The first named segment's own discontinuity is carried by the sequence number rather than a tag.
        var discontinuities = segments.Take(first + 1).Count(s => s.Discontinuity);
        var playlist = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{first}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuities}\n")
            .Append("#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{initUri}\"\n");
        for (var i = first; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Discontinuity && i > first)
            {
                playlist.Append("#EXT-X-DISCONTINUITY\n");
            }

            playlist.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{times[i]!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\n")
                .Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.DurationSeconds:0.000000},\n{segment.Uri}\n");
        }

        return playlist.ToString();
    }
}
