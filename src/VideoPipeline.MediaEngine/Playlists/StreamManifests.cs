using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace VideoPipeline.MediaEngine;

/// <summary>A rendition as the HLS master playlist and the DASH manifest describe it; URIs are relative to the CMAF folder.</summary>
/// <param name="Name">The rung ("720p") or the audio rendition ("audio"), which is also its folder.</param>
/// <param name="AverageBitsPerSecond">Null while the rendition is still being encoded (nothing to average yet).</param>
internal sealed record ManifestRendition(
    string Name, CmafHeader Header, long PeakBitsPerSecond, long? AverageBitsPerSecond, MediaPlaylist? Playlist = null)
{
    public string PlaylistUri => $"{Name}/{CmafLayout.MediaPlaylist}";

    /// <summary>A rendition as it was measured when it was finished.</summary>
    public static ManifestRendition Of(FinishedRendition done, StreamOutput output, MediaPlaylist? playlist = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(output);
        return new ManifestRendition(output.Name, new CmafHeader(done.Codecs, done.Width, done.Height, !output.IsAudio),
            done.PeakBitsPerSecond, done.AverageBitsPerSecond, playlist);
    }
}

/// <summary>A segment on a DASH timeline: its start (from the period's) and duration, in milliseconds.</summary>
internal readonly record struct TimedSegment(long StartMs, long DurationMs);

/// <summary>
/// A rendition's piece in one Period of <see cref="StreamManifests.DashPieces"/>: its header's file, the number of its
/// first segment, its segments' durations, where the first begins on its media timeline, and how long the piece is.
/// </summary>
internal sealed record DashPiece(string InitFile, int FirstNumber, IReadOnlyList<double> SegmentSeconds, double MediaStartSeconds)
{
    public double DurationSeconds => SegmentSeconds.Sum();
}

/// <summary>A live rendition as the dynamic DASH manifest names it: the number of its first segment in the window and the window's segments.</summary>
internal sealed record LiveDashRendition(ManifestRendition Rendition, int FirstNumber, IReadOnlyList<TimedSegment> Segments);

/// <summary>
/// Writes the HLS master playlist and the DASH manifest of a ladder. Both name the same CMAF files: one video rendition
/// per rung, switchable (aligned segments), and one audio-only AAC rendition that every rung plays with.
/// </summary>
internal static class StreamManifests
{
    private const string AudioGroup = "audio";
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    /// <summary>
    /// Variants lightest first (players start on the first they can afford). A variant's <c>BANDWIDTH</c> is its peak plus
    /// the audio's peak, <c>AVERAGE-BANDWIDTH</c> the sum of the averages: what playing the two together takes.
    /// </summary>
    public static string HlsMaster(IReadOnlyList<ManifestRendition> video, ManifestRendition? audio)
    {
        ArgumentNullException.ThrowIfNull(video);
        var playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audio is not null)
        {
            playlist.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"{AudioGroup}\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"{audio.PlaylistUri}\"\n");
        }

        foreach (var rung in video.OrderBy(v => v.PeakBitsPerSecond))
        {
            var bandwidth = rung.PeakBitsPerSecond + (audio?.PeakBitsPerSecond ?? 0);
            playlist.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth}");
            if (rung.AverageBitsPerSecond is { } average)
            {
                playlist.Append(CultureInfo.InvariantCulture, $",AVERAGE-BANDWIDTH={average + (audio?.AverageBitsPerSecond ?? 0)}");
            }

            playlist.Append(CultureInfo.InvariantCulture, $",RESOLUTION={rung.Header.Width}x{rung.Header.Height}");
            playlist.Append(CultureInfo.InvariantCulture, $",CODECS=\"{rung.Header.Codecs}{(audio is null ? "" : "," + audio.Header.Codecs)}\"");
            if (audio is not null)
            {
                playlist.Append(CultureInfo.InvariantCulture, $",AUDIO=\"{AudioGroup}\"");
            }

            playlist.Append('\n').Append(rung.PlaylistUri).Append('\n');
        }

        return playlist.ToString();
    }

    /// <summary>
    /// A static DASH manifest (every rendition finished), addressing segments by template (<c>$RepresentationID$</c>,
    /// <c>$Number$</c>) on each representation's timeline, relative to the manifest. The service answers those URLs with
    /// a redirect to the file's signed URL, so the manifest stays a few lines long however long the video is. The timeline
    /// starts at <paramref name="startSeconds"/>, where the first segment's media time is (0 but for a cut of a stream).
    /// </summary>
    public static string Dash(IReadOnlyList<ManifestRendition> video, ManifestRendition? audio, double startSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(video);
        var duration = video.Concat(audio is null ? [] : [audio]).Max(r => r.Playlist!.DurationSeconds);
        var start = (long)Math.Round(startSeconds * 1000);
        return Document([Period(0, 0, null, video, audio, rendition => Template(rendition, CmafLayout.InitSegment, 0, From(rendition, start), start))],
            new XAttribute("type", "static"),
            new XAttribute("mediaPresentationDuration", Duration(duration)),
            new XAttribute("minBufferTime", Duration(video.Max(v => v.Playlist!.Segments.Max(s => s.DurationSeconds)))));
    }

    /// <summary>
    /// The dynamic DASH manifest of a live ladder, rewritten as each segment is stored: the same renditions and templates
    /// as <see cref="Dash"/>, each timeline naming the segments within the DVR window (times from
    /// <paramref name="availabilityStart"/>, the start of this connection's run), <c>timeShiftBufferDepth</c> the window.
    /// </summary>
    public static string DashLive(
        IReadOnlyList<LiveDashRendition> video, LiveDashRendition? audio, DateTimeOffset availabilityStart, DateTimeOffset now, double windowSeconds, double targetSeconds)
    {
        ArgumentNullException.ThrowIfNull(video);
        var windows = video.Concat(audio is null ? [] : [audio]).ToDictionary(r => r.Rendition.Name);
        return Document([Period(0, 0, null, video.Select(v => v.Rendition).ToList(), audio?.Rendition, rendition =>
            {
                var live = windows[rendition.Name];
                return Template(rendition, CmafLayout.InitSegment, live.FirstNumber, live.Segments);
            })],
            new XAttribute("type", "dynamic"),
            new XAttribute("availabilityStartTime", Instant(availabilityStart)),
            new XAttribute("publishTime", Instant(now)),
            new XAttribute("minimumUpdatePeriod", Duration(targetSeconds)),
            new XAttribute("timeShiftBufferDepth", Duration(windowSeconds)),
            new XAttribute("suggestedPresentationDelay", Duration(3 * targetSeconds)),
            new XAttribute("minBufferTime", Duration(targetSeconds)));
    }

    /// <summary>
    /// A static DASH manifest of renditions played in pieces, each with its own header (a frame-accurate clip: its first
    /// edge, the stored segments between, its last edge): one Period per piece, end to end, each as long as the first
    /// rung's piece. In each, a rendition's <see cref="DashPiece"/> says which header and numbered segments it plays and
    /// where they are on its media timeline; <c>presentationTimeOffset</c> is the media time the Period starts at (the
    /// piece's start on the first rung's timeline), so every rendition is placed by its own media time and what lies
    /// outside the Period is not played.
    /// </summary>
    public static string DashPieces(IReadOnlyList<ManifestRendition> video, ManifestRendition? audio, IReadOnlyDictionary<string, IReadOnlyList<DashPiece>> pieces)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(pieces);
        var lead = pieces[video.OrderBy(v => v.PeakBitsPerSecond).First().Name];
        var periods = new List<XElement>(lead.Count);
        var at = 0.0;
        for (var p = 0; p < lead.Count; p++)
        {
            var offset = (long)Math.Round(lead[p].MediaStartSeconds * 1000);
            var piece = p;
            periods.Add(Period(p, at, lead[p].DurationSeconds, video, audio, rendition =>
            {
                var own = pieces[rendition.Name][piece];
                return Template(rendition, own.InitFile, own.FirstNumber, Timed(own.SegmentSeconds, (long)Math.Round(own.MediaStartSeconds * 1000)), offset);
            }));
            at += lead[p].DurationSeconds;
        }

        return Document(periods,
            new XAttribute("type", "static"),
            new XAttribute("mediaPresentationDuration", Duration(at)),
            new XAttribute("minBufferTime", Duration(lead.SelectMany(p => p.SegmentSeconds).Max())));
    }

    private static string Document(IEnumerable<XElement> periods, params object[] attributes)
    {
        var manifest = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Mpd + "MPD", new XAttribute("profiles", "urn:mpeg:dash:profile:isoff-live:2011"), attributes, periods));
        return manifest.Declaration + "\n" + manifest.Root!.ToString(SaveOptions.None) + "\n";
    }

    private static XElement Period(
        int id, double startSeconds, double? durationSeconds, IReadOnlyList<ManifestRendition> video, ManifestRendition? audio, Func<ManifestRendition, XElement> template)
    {
        var period = new XElement(Mpd + "Period", new XAttribute("id", id), new XAttribute("start", Duration(startSeconds)),
            durationSeconds is { } duration ? new XAttribute("duration", Duration(duration)) : null,
            new XElement(Mpd + "AdaptationSet",
                new XAttribute("id", "0"), new XAttribute("contentType", "video"), new XAttribute("mimeType", "video/mp4"),
                new XAttribute("segmentAlignment", "true"), new XAttribute("startWithSAP", "1"),
                new XAttribute("maxWidth", video.Max(v => v.Header.Width)), new XAttribute("maxHeight", video.Max(v => v.Header.Height)),
                video.OrderBy(v => v.PeakBitsPerSecond).Select(v => Representation(v, template(v),
                    new XAttribute("width", v.Header.Width), new XAttribute("height", v.Header.Height), new XAttribute("sar", "1:1")))));
        if (audio is not null)
        {
            period.Add(new XElement(Mpd + "AdaptationSet",
                new XAttribute("id", "1"), new XAttribute("contentType", "audio"), new XAttribute("mimeType", "audio/mp4"),
                new XAttribute("lang", "und"), new XAttribute("segmentAlignment", "true"), new XAttribute("startWithSAP", "1"),
                Representation(audio, template(audio),
                    new XElement(Mpd + "AudioChannelConfiguration",
                        new XAttribute("schemeIdUri", "urn:mpeg:dash:23003:3:audio_channel_configuration:2011"), new XAttribute("value", "2")))));
        }

        return period;
    }

    private static XElement Representation(ManifestRendition rendition, XElement template, params object[] attributes) =>
        new(Mpd + "Representation",
            new XAttribute("id", rendition.Name),
            new XAttribute("bandwidth", rendition.PeakBitsPerSecond),
            new XAttribute("codecs", rendition.Header.Codecs),
            attributes,
            template);

    private static XElement Template(ManifestRendition rendition, string? initUri, int firstNumber, IEnumerable<TimedSegment> segments, long presentationTimeOffset = 0) =>
        new(Mpd + "SegmentTemplate",
            new XAttribute("timescale", "1000"),
            new XAttribute("initialization", $"$RepresentationID$/{initUri}"),
            new XAttribute("media", $"$RepresentationID$/{CmafLayout.SegmentTemplate}"),
            new XAttribute("startNumber", firstNumber),
            presentationTimeOffset == 0 ? null : new XAttribute("presentationTimeOffset", presentationTimeOffset),
            Timeline(segments));

    /// <summary>A finished rendition's segments, end to end from <paramref name="start"/>, in milliseconds.</summary>
    private static List<TimedSegment> From(ManifestRendition rendition, long start)
    {
        var playlist = rendition.Playlist ?? throw new ArgumentException($"{rendition.Name} has no finished playlist.", nameof(rendition));
        return Timed(playlist.Segments.Select(s => s.DurationSeconds), start);
    }

    /// <summary>Segments of these durations, end to end from <paramref name="start"/>, in milliseconds.</summary>
    private static List<TimedSegment> Timed(IEnumerable<double> durations, long start)
    {
        var segments = new List<TimedSegment>();
        foreach (var seconds in durations)
        {
            var milliseconds = (long)Math.Round(seconds * 1000);
            segments.Add(new TimedSegment(start, milliseconds));
            start += milliseconds;
        }

        return segments;
    }

    /// <summary>Each segment's start and duration, runs of equal durations that follow one another folded into a repeat count.</summary>
    private static XElement Timeline(IEnumerable<TimedSegment> segments)
    {
        var timeline = new XElement(Mpd + "SegmentTimeline");
        XElement? run = null;
        TimedSegment? last = null;
        var repeats = 0;
        foreach (var segment in segments)
        {
            if (run is not null && last is { } previous && segment.DurationMs == previous.DurationMs && segment.StartMs == previous.StartMs + previous.DurationMs)
            {
                run.SetAttributeValue("r", ++repeats);
            }
            else
            {
                run = new XElement(Mpd + "S", new XAttribute("t", segment.StartMs), new XAttribute("d", segment.DurationMs));
                timeline.Add(run);
                repeats = 0;
            }

            last = segment;
        }

        return timeline;
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => string.Create(CultureInfo.InvariantCulture, $"PT{seconds:0.000}S");
}
