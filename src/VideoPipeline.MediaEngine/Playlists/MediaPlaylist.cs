using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>One segment as a media playlist names it.</summary>
/// <param name="Discontinuity">The segment starts a new timeline (a live publisher that reconnected): <c>#EXT-X-DISCONTINUITY</c> precedes it.</param>
internal sealed record PlaylistSegment(string Uri, double DurationSeconds, bool Discontinuity = false);

/// <summary>
/// An HLS media playlist of CMAF segments: read from the ones ffmpeg writes as it encodes and from the ones the service
/// stored, and written the way the service stores them. While the video is encoding it is an <c>EVENT</c> playlist that
/// only grows (a player started on it is told to start at the beginning, and follows it to the end); finished, it is a
/// <c>VOD</c> playlist with <c>#EXT-X-ENDLIST</c>.
/// </summary>
internal sealed record MediaPlaylist(string? InitUri, IReadOnlyList<PlaylistSegment> Segments, bool Ended)
{
    public static MediaPlaylist Empty { get; } = new(null, [], Ended: false);

    public double DurationSeconds => Segments.Sum(s => s.DurationSeconds);

    public static MediaPlaylist Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? init = null;
        var segments = new List<PlaylistSegment>();
        var ended = false;
        double? duration = null;
        var discontinuity = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))
            {
                init = Attribute(line, "URI");
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuity = true;
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                ended = true;
            }
            else if (line.Length > 0 && !line.StartsWith('#') && duration is { } seconds)
            {
                segments.Add(new PlaylistSegment(line, seconds, discontinuity));
                duration = null;
                discontinuity = false;
            }
        }

        return new MediaPlaylist(init, segments, ended);
    }

    /// <summary>The playlist as the service stores it; <paramref name="targetSeconds"/> is the longest segment players should expect.</summary>
    public string Write(double targetSeconds)
    {
        var target = TargetDuration(targetSeconds, Segments);
        var playlist = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n")
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n")
            .Append(Ended ? "#EXT-X-PLAYLIST-TYPE:VOD\n" : "#EXT-X-PLAYLIST-TYPE:EVENT\n")
            .Append("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n")
            .Append("#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{InitUri}\"\n");
        foreach (var segment in Segments)
        {
            if (segment.Discontinuity)
            {
                playlist.Append("#EXT-X-DISCONTINUITY\n");
            }

            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.DurationSeconds:0.000000},\n{segment.Uri}\n");
        }

        if (Ended)
        {
            playlist.Append("#EXT-X-ENDLIST\n");
        }

        return playlist.ToString();
    }

    /// <summary>The whole seconds of <c>EXT-X-TARGETDURATION</c>: the schedule's steady segment, or a longer one listed.</summary>
    public static int TargetDuration(double targetSeconds, IEnumerable<PlaylistSegment> segments) =>
        Math.Max((int)Math.Ceiling(targetSeconds - 0.001), (int)Math.Round(segments.Select(s => s.DurationSeconds).DefaultIfEmpty(0).Max()));

    private static string? Attribute(string line, string name)
    {
        var start = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += name.Length + 2;
        var end = line.IndexOf('"', start);
        return end < 0 ? null : line[start..end];
    }
}
