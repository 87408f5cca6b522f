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
        var period = new XElement(Mpd + "Period", new XAttribute("id", "0"), new XAttribute("start", "PT0S"),
            new XElement(Mpd + "AdaptationSet",
                new XAttribute("id", "0"), new XAttribute("contentType", "video"), new XAttribute("mimeType", "video/mp4"),
                new XAttribute("segmentAlignment", "true"), new XAttribute("startWithSAP", "1"),
                new XAttribute("maxWidth", video.Max(v => v.Header.Width)), new XAttribute("maxHeight", video.Max(v => v.Header.Height)),
                video.OrderBy(v => v.PeakBitsPerSecond).Select(v => Representation(v, startSeconds,
                    new XAttribute("width", v.Header.Width), new XAttribute("height", v.Header.Height), new XAttribute("sar", "1:1")))));
        if (audio is not null)
        {
            period.Add(new XElement(Mpd + "AdaptationSet",
                new XAttribute("id", "1"), new XAttribute("contentType", "audio"), new XAttribute("mimeType", "audio/mp4"),
                new XAttribute("lang", "und"), new XAttribute("segmentAlignment", "true"), new XAttribute("startWithSAP", "1"),
                Representation(audio, startSeconds,
                    new XElement(Mpd + "AudioChannelConfiguration",
                        new XAttribute("schemeIdUri", "urn:mpeg:dash:23003:3:audio_channel_configuration:2011"), new XAttribute("value", "2")))));
        }

        var manifest = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Mpd + "MPD",
                new XAttribute("profiles", "urn:mpeg:dash:profile:isoff-live:2011"),
                new XAttribute("type", "static"),
                new XAttribute("mediaPresentationDuration", Duration(duration)),
                new XAttribute("minBufferTime", Duration(video.Max(v => v.Playlist!.Segments.Max(s => s.DurationSeconds)))),
                period));
        return manifest.Declaration + "\n" + manifest.Root!.ToString(SaveOptions.None) + "\n";
    }

    private static XElement Representation(ManifestRendition rendition, double startSeconds, params object[] attributes)
    {
        var playlist = rendition.Playlist ?? throw new ArgumentException($"{rendition.Name} has no finished playlist.", nameof(rendition));
        var start = (long)Math.Round(startSeconds * 1000);
        return new XElement(Mpd + "Representation",
            new XAttribute("id", rendition.Name),
            new XAttribute("bandwidth", rendition.PeakBitsPerSecond),
            new XAttribute("codecs", rendition.Header.Codecs),
            attributes,
            new XElement(Mpd + "SegmentTemplate",
                new XAttribute("timescale", "1000"),
                new XAttribute("initialization", $"$RepresentationID$/{CmafLayout.InitSegment}"),
                new XAttribute("media", $"$RepresentationID$/{CmafLayout.SegmentTemplate}"),
                new XAttribute("startNumber", "0"),
                start == 0 ? null : new XAttribute("presentationTimeOffset", start),
                Timeline(playlist, start)));
    }

    /// <summary>Each segment's start and duration in milliseconds, runs of equal durations folded into a repeat count.</summary>
    private static XElement Timeline(MediaPlaylist playlist, long start)
    {
        var timeline = new XElement(Mpd + "SegmentTimeline");
        XElement? run = null;
        long runDuration = -1;
        var repeats = 0;
        foreach (var segment in playlist.Segments)
        {
            var milliseconds = (long)Math.Round(segment.DurationSeconds * 1000);
            if (run is not null && milliseconds == runDuration)
            {
                run.SetAttributeValue("r", ++repeats);
            }
            else
            {
                run = new XElement(Mpd + "S", new XAttribute("t", start), new XAttribute("d", milliseconds));
                timeline.Add(run);
                runDuration = milliseconds;
                repeats = 0;
            }

            start += milliseconds;
        }

        return timeline;
    }

    private static string Duration(double seconds) => string.Create(CultureInfo.InvariantCulture, $"PT{seconds:0.000}S");
}
