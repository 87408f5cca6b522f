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

    /// <param name="times">When each of <paramref name="segments"/> began; only segments of this run (with a time) are named.</param>
    public static string Write(
        string initUri, IReadOnlyList<PlaylistSegment> segments, IReadOnlyList<DateTimeOffset?> times, double windowSeconds, double targetSeconds)
    {
        var first = FirstNamed(segments, times, windowSeconds);
        var named = segments.Skip(first).ToList();
        var target = Math.Max((int)Math.Ceiling(targetSeconds - 0.001), (int)Math.Round(named.Select(s => s.DurationSeconds).DefaultIfEmpty(0).Max()));
        var playlist = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{first}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{DiscontinuitiesThrough(segments, first)}\n")
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

    /// <summary>
    /// The place of the oldest segment a live playlist names (its <c>EXT-X-MEDIA-SEQUENCE</c>): the newest segments of this
    /// run (those with a time) lasting the window, and at least three of them when there are.
    /// </summary>
    public static int FirstNamed(IReadOnlyList<PlaylistSegment> segments, IReadOnlyList<DateTimeOffset?> times, double windowSeconds)
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

    /// <summary>
    /// When each segment a stored live playlist names began (its <c>EXT-X-PROGRAM-DATE-TIME</c>), by URI: what a run that
    /// carries on after an earlier connection keeps, so the window still names that connection's segments.
    /// </summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> ProgramDateTimes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Tag = "#EXT-X-PROGRAM-DATE-TIME:";
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? time = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(Tag, StringComparison.Ordinal))
            {
                time = DateTimeOffset.TryParse(line[Tag.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                if (time is { } began)
                {
                    times[line] = began;
                }

                time = null;
            }
        }

        return times;
    }

    /// <summary>
    /// The <c>EXT-X-DISCONTINUITY-SEQUENCE</c> of a live playlist naming segments from <paramref name="first"/>: the first
    /// named segment's own discontinuity is carried by it rather than by a tag.
    /// </summary>
    public static int DiscontinuitiesThrough(IReadOnlyList<PlaylistSegment> segments, int first) =>
        segments.Take(first + 1).Count(s => s.Discontinuity);
}
