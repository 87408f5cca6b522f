using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// The stored segments of the original (<paramref name="Uris"/>, as the stored playlist names them, one after another)
/// cut at moments inside them: the stretch kept is <paramref name="FromSeconds"/> to <paramref name="ToSeconds"/> of
/// their own time (0 where the first of them begins).
/// </summary>
public sealed record EdgeCut(IReadOnlyList<string> Uris, double FromSeconds, double ToSeconds);

/// <summary>
/// How a stretch of a rendition is made frame-accurate: its first and last covering segments are encoded again, cut at
/// the requested moments (one edge when a single segment covers it); the segments between them are played as stored.
/// <paramref name="FirstEndSeconds"/> is where the first edge ends on the original's timeline,
/// <paramref name="MiddleStartSeconds"/> where the first segment between begins (the same for the rungs, up to an audio
/// frame before it for the audio), <paramref name="LastStartSeconds"/> where the last edge begins (null without one).
/// </summary>
public sealed record EdgePlan(
    string InitUri, EdgeCut First, IReadOnlyList<(string Uri, double DurationSeconds)> Middle, EdgeCut? Last,
    double FirstEndSeconds, double MiddleStartSeconds, double? LastStartSeconds);

/// <summary>An edge encoded again: its own header and segments (as ffmpeg's playlist lists them), files in the workspace.</summary>
public sealed record EncodedEdge(string InitPath, IReadOnlyList<(string Path, double DurationSeconds)> Segments);

/// <summary>The pure parts (plan, playlist) and the one ffmpeg run of a frame-accurate clip.</summary>
public static class ClipEdges
{
    /// <summary>The plan of <paramref name="fromSeconds"/> to <paramref name="toSeconds"/> of a stored media playlist (a rung's); null when it names no segment there.</summary>
    public static EdgePlan? Plan(string storedPlaylist, double fromSeconds, double toSeconds)
    {
        var playlist = MediaPlaylist.Parse(storedPlaylist);
        if (playlist.InitUri is not { } init)
        {
            return null;
        }

        var covering = Covering(playlist, fromSeconds, toSeconds);
        if (covering.Count == 0)
        {
            return null;
        }

        var end = playlist.DurationSeconds;
        var (first, firstStart) = covering[0];
        if (covering.Count == 1)
        {
            var stop = Math.Min(toSeconds, end);
            return new EdgePlan(init, new EdgeCut([first.Uri], fromSeconds - firstStart, stop - firstStart), [], null, stop, stop, null);
        }

        var (last, lastStart) = covering[^1];
        var firstEnd = firstStart + first.DurationSeconds;
        return new EdgePlan(
            init,
            new EdgeCut([first.Uri], Math.Max(0, fromSeconds - firstStart), first.DurationSeconds),
            covering.Skip(1).SkipLast(1).Select(c => (c.Segment.Uri, c.Segment.DurationSeconds)).ToList(),
            new EdgeCut([last.Uri], 0, Math.Min(toSeconds - lastStart, last.DurationSeconds)),
            firstEnd, firstEnd, lastStart);
    }

    /// <summary>
    /// The plan of the same stretch of another rendition of the stream (the audio, whose segments end a few
    /// milliseconds off the rungs'), cut where <paramref name="lead"/> (a rung's plan) is: its edges end and begin at the
    /// rung's edges, so the pieces of every rendition play the same stretches; its segments between are those whose
    /// middle is in the rung's (<see cref="Between"/>): the first may begin, the last end, up to a frame outside it.
    /// Null when it names no segment.
    /// </summary>
    public static EdgePlan? Follow(string storedPlaylist, double fromSeconds, double toSeconds, EdgePlan lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var playlist = MediaPlaylist.Parse(storedPlaylist);
        if (playlist.InitUri is not { } init || playlist.Segments.Count == 0)
        {
            return null;
        }

        var first = Cut(playlist, fromSeconds, lead.FirstEndSeconds);
        if (lead.LastStartSeconds is not { } lastStart)
        {
            return new EdgePlan(init, first, [], null, lead.FirstEndSeconds, lead.FirstEndSeconds, null);
        }

        var middle = lead.Middle.Count == 0 ? [] : Between(playlist, lead.FirstEndSeconds, lastStart);
        return new EdgePlan(
            init, first, middle.Select(c => (c.Segment.Uri, c.Segment.DurationSeconds)).ToList(), Cut(playlist, lastStart, toSeconds),
            lead.FirstEndSeconds, middle.Count == 0 ? lead.FirstEndSeconds : middle[0].Start, lastStart);
    }

    /// <summary>The segments holding any of <paramref name="fromSeconds"/> to <paramref name="toSeconds"/>, cut there (at least the last segment).</summary>
    private static EdgeCut Cut(MediaPlaylist playlist, double fromSeconds, double toSeconds)
    {
        var covering = Covering(playlist, fromSeconds, toSeconds);
        if (covering.Count == 0)
        {
            var last = playlist.Segments[^1];
            covering = [(last, playlist.DurationSeconds - last.DurationSeconds)];
        }

        var start = covering[0].Start;
        var end = covering[^1].Start + covering[^1].Segment.DurationSeconds;
        return new EdgeCut(covering.Select(c => c.Segment.Uri).ToList(), Math.Max(0, fromSeconds - start), Math.Min(toSeconds, end) - start);
    }

    /// <summary>
    /// The segments whose middle is in <paramref name="fromSeconds"/> to <paramref name="toSeconds"/>: those the
    /// stretch's boundaries are on, each within a frame. Not those merely holding some of it: an AAC segment is cut on
    /// the first frame at or past the rungs' boundary, so the one before the stretch holds its first few milliseconds,
    /// and played between the edges it would repeat a whole segment of sound (half a second of a live recording's).
    /// </summary>
    private static List<(PlaylistSegment Segment, double Start)> Between(MediaPlaylist playlist, double fromSeconds, double toSeconds) =>
        Where(playlist, (start, duration) => start + (duration / 2) is var middle && middle > fromSeconds && middle < toSeconds);

    private static List<(PlaylistSegment Segment, double Start)> Covering(MediaPlaylist playlist, double fromSeconds, double toSeconds) =>
        Where(playlist, (start, duration) => start + duration > fromSeconds && start < toSeconds);

    /// <summary>The segments <paramref name="kept"/> (given where each begins and how long it lasts), with where each begins.</summary>
    private static List<(PlaylistSegment Segment, double Start)> Where(MediaPlaylist playlist, Func<double, double, bool> kept)
    {
        var segments = new List<(PlaylistSegment Segment, double Start)>();
        var at = 0.0;
        foreach (var segment in playlist.Segments)
        {
            if (kept(at, segment.DurationSeconds))
            {
                segments.Add((segment, at));
            }

            at += segment.DurationSeconds;
        }

        return segments;
    }

    /// <summary>
    /// The finished media playlist: the first edge (its own header), the middle segments (the stored header), the last
    /// edge (its own header), each change of header after a discontinuity, so the encoders' headers need not match.
    /// Every URI is as given (root keys: the playlist is stored in the clip's folder, the files in several).
    /// </summary>
    public static string Playlist(
        string firstInit, IReadOnlyList<(string Uri, double DurationSeconds)> first, string middleInit,
        IReadOnlyList<(string Uri, double DurationSeconds)> middle, string? lastInit, IReadOnlyList<(string Uri, double DurationSeconds)> last)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(middle);
        ArgumentNullException.ThrowIfNull(last);
        var all = first.Concat(middle).Concat(last).ToList();
        var target = (int)Math.Ceiling(all.Select(s => s.DurationSeconds).DefaultIfEmpty(1).Max() - 0.001);
        var text = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:7\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{Math.Max(1, target)}\n")
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        Piece(text, firstInit, first, discontinuity: false);
        Piece(text, middleInit, middle, discontinuity: true);
        if (lastInit is not null)
        {
            Piece(text, lastInit, last, discontinuity: true);
        }

        return text.Append("#EXT-X-ENDLIST\n").ToString();
    }

    private static void Piece(StringBuilder text, string init, IReadOnlyList<(string Uri, double DurationSeconds)> segments, bool discontinuity)
    {
        if (segments.Count == 0)
        {
            return;
        }

        text.Append(discontinuity ? "#EXT-X-DISCONTINUITY\n" : "").Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{init}\"\n");
        foreach (var (uri, duration) in segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{duration:0.000000},\n{uri}\n");
        }
    }

    /// <summary>
    /// Encodes <paramref name="cut"/> of <paramref name="joined"/> (a stored header and segment, one fragmented MP4)
    /// again, frame-accurately, with the ladder's own encoder settings for <paramref name="rung"/> (null: the audio), so
    /// the edges look like the segments around them (their headers are still played as their own); into a CMAF header and segment in
    /// <paramref name="folder"/>, through the guarded runner.
    /// </summary>
    public static async Task<EncodedEdge> EncodeAsync(
        string joined, EdgeCut cut, Rendition? rung, SourceMedia source, MediaOptions options, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(folder);
        var trim = string.Create(CultureInfo.InvariantCulture, $"start={GuardedFfmpeg.Seconds(cut.FromSeconds)}:end={GuardedFfmpeg.Seconds(cut.ToSeconds)}");
        var codec = rung is not null
            ? string.Create(CultureInfo.InvariantCulture,
                $"-filter_complex \"[0:v:0]setpts=PTS-STARTPTS,trim={trim},setpts=PTS-STARTPTS,{LadderEncoding.RungBranch(rung).Filters}[{LadderEncoding.RungLabel(rung)}]\" -an ") +
              LadderEncoding.VideoArguments(rung, source, options)
            : string.Create(CultureInfo.InvariantCulture, $"-vn -af asetpts=PTS-STARTPTS,atrim={trim},asetpts=PTS-STARTPTS ") + LadderEncoding.AudioArguments(options);
        var playlistPath = Path.Combine(folder, "edge.m3u8");
        var command = GuardedFfmpeg.Read(new MediaInput(joined, Container.Mp4)).OutputToFile(playlistPath, overwrite: true, output => output.WithCustomArgument(
            $"{codec} -f hls -hls_time 3600 -hls_playlist_type vod -hls_segment_type fmp4 " +
            $"-hls_fmp4_init_filename {CmafLayout.InitSegment} -hls_segment_filename {GuardedFfmpeg.Quote(Path.Combine(folder, "edge_%02d.m4s"))}"));
        var bounds = new MediaBounds(options.MinRunTime, options.MaxMemoryBytes, 256L * 1024 * 1024, options.StallTimeout);
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
        var written = MediaPlaylist.Parse(await File.ReadAllTextAsync(playlistPath, ct).ConfigureAwait(false));
        if (written.Segments.Count == 0)
        {
            throw new TranscodeFailedException($"ffmpeg wrote no segment for the edge {string.Join(", ", cut.Uris)}.");
        }

        return new EncodedEdge(Path.Combine(folder, CmafLayout.InitSegment), written.Segments.Select(s => (Path.Combine(folder, s.Uri), s.DurationSeconds)).ToList());
    }
}
