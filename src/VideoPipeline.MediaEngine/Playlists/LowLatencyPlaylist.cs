using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>A partial segment (LL-HLS <c>EXT-X-PART</c>): one CMAF fragment, playable on its own once its segment's header is loaded.</summary>
/// <param name="Independent">It starts with a keyframe (every audio part does).</param>
public sealed record PlaylistPart(string Uri, double DurationSeconds, bool Independent);

/// <summary>A complete segment of a low-latency playlist, with the parts it was published as (none once they are dropped).</summary>
/// <param name="ProgramDateTime">The wall-clock time of its first sample (<c>EXT-X-PROGRAM-DATE-TIME</c>).</param>
/// <param name="Discontinuity">It starts a new timeline (a live publisher that reconnected): <c>#EXT-X-DISCONTINUITY</c> precedes it.</param>
public sealed record LowLatencySegment(string Uri, double DurationSeconds, DateTimeOffset ProgramDateTime, IReadOnlyList<PlaylistPart> Parts, bool Discontinuity = false);

/// <summary>
/// Where another rendition of the same ladder stands (<c>EXT-X-RENDITION-REPORT</c>, RFC 8216bis §4.4.5.4): a player
/// switching to it asks a blocking reload for its next part straight away instead of loading its playlist first.
/// </summary>
/// <param name="Uri">Its media playlist, relative to this one's (<c>../480p/index.m3u8</c>).</param>
/// <param name="LastMsn">The sequence number of its last segment, or of the segment whose parts it lists last.</param>
/// <param name="LastPart">The index of its last part in that segment; null when it lists none of that segment's parts.</param>
public sealed record RenditionReport(string Uri, long LastMsn, int? LastPart);

/// <summary>How a low-latency playlist behaves as it grows.</summary>
public enum PlaylistGrowth
{
    /// <summary>Only grows and starts players at its beginning (<c>EVENT</c>, <c>EXT-X-START</c> at 0): a video still encoding.</summary>
    FromTheStart,

    /// <summary>A sliding window (no <c>EXT-X-PLAYLIST-TYPE</c>): older segments leave as <c>EXT-X-MEDIA-SEQUENCE</c> rises; players start near the live edge.</summary>
    Sliding,
}

/// <summary>
/// An LL-HLS media playlist (RFC 8216bis §4.4.4.9, §4.4.5.3, §4.4.3.7-8, §6.2.2): complete segments, each with its
/// <c>EXT-X-PROGRAM-DATE-TIME</c>; the parts of the recent segments and of the segment being produced
/// (<see cref="OpenParts"/>); a preload hint naming the next part; and the server's promise to block reloads. Pure: the
/// caller says what exists, this writes the text, and <see cref="Parse"/> reads back where a stored one stands.
/// Once <see cref="Ended"/>, the parts and the hint are dropped and the playlist is closed with <c>EXT-X-ENDLIST</c>.
/// </summary>
/// <param name="TargetDurationSeconds">The longest segment, rounded (it must never change while the playlist grows).</param>
/// <param name="PartTargetSeconds">The longest part (<c>PART-TARGET</c>).</param>
/// <param name="MediaSequence">The sequence number of the first segment listed (rises as a sliding window moves).</param>
/// <param name="NextPartUri">The part that will be published next (<c>EXT-X-PRELOAD-HINT</c>), or null when none is coming.</param>
/// <param name="OpenProgramDateTime">The wall-clock time of the open segment's first sample, when it has parts.</param>
/// <param name="DiscontinuitySequence">
/// How many discontinuities lie before the first segment listed, that one's own included (<c>EXT-X-DISCONTINUITY-SEQUENCE</c>,
/// written for a <see cref="PlaylistGrowth.Sliding"/> playlist): the first listed segment's discontinuity is carried by it, not by a tag.
/// </param>
/// <param name="OpenDiscontinuity">
/// The open segment starts a new timeline after the listed segments (a live publisher back, its first segment not yet
/// complete): <c>#EXT-X-DISCONTINUITY</c> precedes its parts.
/// </param>
/// <param name="Reports">Where the ladder's other renditions stand (none once it ended).</param>
public sealed record LowLatencyPlaylist(
    string InitUri,
    int TargetDurationSeconds,
    double PartTargetSeconds,
    long MediaSequence,
    IReadOnlyList<LowLatencySegment> Segments,
    IReadOnlyList<PlaylistPart> OpenParts,
    DateTimeOffset? OpenProgramDateTime,
    string? NextPartUri,
    PlaylistGrowth Growth,
    bool Ended,
    long DiscontinuitySequence = 0,
    bool OpenDiscontinuity = false,
    IReadOnlyList<RenditionReport>? Reports = null)
{
    /// <summary>Parts are listed for segments that end within this many target durations of the playlist's end (§6.2.2).</summary>
    public const int PartWindowTargetDurations = 3;

    /// <summary>The sequence number the segment being produced will have.</summary>
    public long OpenSequence => MediaSequence + Segments.Count;

    /// <summary>
    /// The distance from the live edge for a player playing parts: three part targets (§4.4.3.8: at least twice, three
    /// recommended), rounded up to the millisecond written so that it is never less.
    /// </summary>
    public double PartHoldBackSeconds => Math.Ceiling((3 * PartTargetSeconds * 1000) - 1e-6) / 1000;

    public string Write()
    {
        var text = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{TargetDurationSeconds}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={Seconds(PartHoldBackSeconds)}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-PART-INF:PART-TARGET={Seconds(PartTargetSeconds)}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{MediaSequence}\n");
        if (Growth == PlaylistGrowth.Sliding)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{DiscontinuitySequence}\n");
        }
        else
        {
            text.Append(Ended ? "#EXT-X-PLAYLIST-TYPE:VOD\n" : "#EXT-X-PLAYLIST-TYPE:EVENT\n")
                .Append("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n");
        }

        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{InitUri}\"\n");
        var partsFrom = Ended ? double.PositiveInfinity : Segments.Sum(s => s.DurationSeconds) - (PartWindowTargetDurations * TargetDurationSeconds);
        var start = 0.0;
        for (var i = 0; i < Segments.Count; i++)
        {
            var segment = Segments[i];
            if (segment.Discontinuity && (i > 0 || Growth == PlaylistGrowth.FromTheStart))
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{Date(segment.ProgramDateTime)}\n");
            start += segment.DurationSeconds;
            if (start > partsFrom)
            {
                AppendParts(text, segment.Parts);
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.DurationSeconds:0.000000},\n{segment.Uri}\n");
        }

        if (Ended)
        {
            return text.Append("#EXT-X-ENDLIST\n").ToString();
        }

        if (OpenParts.Count > 0 && OpenProgramDateTime is { } open)
        {
            if (OpenDiscontinuity && Segments.Count > 0)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{Date(open)}\n");
            AppendParts(text, OpenParts);
        }

        if (NextPartUri is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{NextPartUri}\"\n");
        }

        foreach (var report in Reports ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-RENDITION-REPORT:URI=\"{report.Uri}\",LAST-MSN={report.LastMsn}")
                .Append(report.LastPart is { } part ? string.Create(CultureInfo.InvariantCulture, $",LAST-PART={part}\n") : "\n");
        }

        return text.ToString();
    }

    /// <summary>Where a stored low-latency playlist stands: what a blocking reload is measured against.</summary>
    public static PlaylistPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long sequence = 0;
        var segments = 0;
        var parts = 0;
        var partsPerSegment = new List<int>();
        double partTarget = 0;
        var target = 0;
        var ended = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))
            {
                target = int.Parse(line["#EXT-X-TARGETDURATION:".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-PART-INF:PART-TARGET=", StringComparison.Ordinal))
            {
                partTarget = double.Parse(line["#EXT-X-PART-INF:PART-TARGET=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal))
            {
                parts++;
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                ended = true;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                segments++;
                partsPerSegment.Add(parts);
                parts = 0;
            }
        }

        return new PlaylistPosition(sequence, partsPerSegment, parts, target, partTarget, ended);
    }

    /// <summary>The date of the first segment of a stored playlist, if it has one: what a later attempt counts its dates from.</summary>
    public static DateTimeOffset? FirstProgramDateTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Tag = "#EXT-X-PROGRAM-DATE-TIME:";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Tag, StringComparison.Ordinal));
        return line is not null && DateTimeOffset.TryParse(line[Tag.Length..].TrimEnd('\r'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    private static void AppendParts(StringBuilder text, IReadOnlyList<PlaylistPart> parts)
    {
        foreach (var part in parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PART:DURATION={part.DurationSeconds:0.00000},URI=\"{part.Uri}\"")
                .Append(part.Independent ? ",INDEPENDENT=YES\n" : "\n");
        }
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
