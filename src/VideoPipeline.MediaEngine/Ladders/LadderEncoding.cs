using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>One use of the decoded frames: a filter chain ending at a labelled pad that one output maps.</summary>
internal sealed record DecodedBranch(string Filters, string Label);

/// <summary>The ffmpeg filter graph, and the per-output settings, of the ladder's one process.</summary>
internal static class LadderEncoding
{
    private const double MaxFrameRate = 60;

    /// <summary>
    /// One decode (deinterlaced, frame rate capped) feeding <c>split</c> into every branch: a scaler per rung, the
    /// thumbnail's pick, and whatever else wants the same pictures. ffmpeg's autorotation runs before the graph, so the
    /// frames are already upright and the rung sizes (display orientation) apply as they are.
    /// </summary>
    public static string FilterGraph(SourceMedia source, IReadOnlyList<DecodedBranch> branches)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(branches);
        var graph = new StringBuilder().Append(CultureInfo.InvariantCulture, $"[0:{source.VideoStreamIndex}]");
        if (source.IsInterlaced)
        {
            graph.Append("yadif=deint=interlaced,");
        }

        if (source.FrameRate > MaxFrameRate + 0.5)
        {
            graph.Append(CultureInfo.InvariantCulture, $"fps={MaxFrameRate},");
        }

        graph.Append(CultureInfo.InvariantCulture, $"split={branches.Count}");
        for (var i = 0; i < branches.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[s{i}]");
        }

        for (var i = 0; i < branches.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $";[s{i}]{branches[i].Filters}[{branches[i].Label}]");
        }

        return graph.ToString();
    }

    /// <summary>The frame rate the rungs are encoded at: the source's, at most 60.</summary>
    public static double FrameRate(SourceMedia source) => Math.Min(source.FrameRate, MaxFrameRate);

    public static DecodedBranch RungBranch(Rendition rung) =>
        new(string.Create(CultureInfo.InvariantCulture, $"scale={rung.Width}:{rung.Height},setsar=1,format=yuv420p"), RungLabel(rung));

    public static string RungLabel(Rendition rung) => "v" + rung.Name;

    /// <summary>
    /// A rung's encoder: capped-quality H.264 (CRF, with a peak rate and buffer per rung so it stays streamable), a
    /// keyframe on every segment boundary of the <see cref="SegmentSchedule"/> and nowhere else (no scene cuts, a GOP
    /// limit past the longest segment), so every rung's segments start together with a keyframe. No B-frames: each frame
    /// is written in the order it is shown, so ffmpeg cuts every part (LL-HLS) on the first frame at or past its boundary
    /// and a part's length is known before it is encoded (<see cref="SegmentSchedule.PartTargetSeconds"/>); with them, a
    /// part's length varied by several frames (0.2 to 0.37 s for 0.25 s parts), and no <c>PART-TARGET</c> could hold every
    /// part within the 85 % to 100 % RFC 8216bis §4.4.4.9 wants. At the same CRF the picture is the same and the rendition
    /// about an eighth bigger (12 % on a noisy 720p source, veryfast).
    /// </summary>
    /// <remarks>
    /// The rung players start on (<see cref="LadderPlanner.Opening"/>): its encoder looks two frames ahead instead of the
    /// preset's ten or more, and its threads share each frame (slices) instead of each taking a frame, which holds frames
    /// back, so its first part is out before the other rungs' and an upload plays sooner (a 1080p ladder's 360p part
    /// measured 0.25-0.35 s earlier; on a 30 s 1080p source the rung came out 8 % smaller at an SSIM of 0.993 instead of
    /// 0.994). Its header does not change with it.
    /// </remarks>
    public static string VideoArguments(Rendition rung, SourceMedia source, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(rung);
        return $"-map [{RungLabel(rung)}] " + EncoderArguments(rung, source, options);
    }

    /// <summary>A rung's encoder settings alone (<see cref="VideoArguments"/> without the input it maps).</summary>
    public static string EncoderArguments(Rendition rung, SourceMedia source, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(rung);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var frameRate = FrameRate(source);
        var schedule = SegmentSchedule.Of(options);
        var gopLimit = Math.Max(2, (int)Math.Ceiling(frameRate * schedule.SteadySeconds * 2));
        var maxRateKbps = MaxRateKbps(rung, frameRate);
        var shortSide = Math.Min(rung.Width, rung.Height);
        var opensTheLadder = rung == LadderPlanner.Opening(source);
        return string.Create(CultureInfo.InvariantCulture,
            $"-c:v libx264 -preset {options.Preset}{(options.Tune is null ? "" : " -tune " + options.Tune)} -crf {options.Crf} -profile:v {(shortSide <= 360 ? "main" : "high")} " +
            $"-bf 0 -pix_fmt yuv420p -maxrate {maxRateKbps}k -bufsize {maxRateKbps * 2}k -g {gopLimit} -sc_threshold 0 " +
            $"-force_key_frames \"{schedule.KeyframeExpression()}\"{(opensTheLadder && LooksFarAhead(options) ? " " + ShortLookAhead : "")} {NoMetadata}");
    }

    private const string ShortLookAhead = "-x264-params rc-lookahead=2:sync-lookahead=0:sliced-threads=1";

    /// <summary>The presets from veryfast on look ten or more frames ahead; ultrafast, superfast and zerolatency none.</summary>
    private static bool LooksFarAhead(MediaOptions options) => options.Preset is not ("ultrafast" or "superfast") && options.Tune != "zerolatency";

    /// <summary>The audio-only rendition: the first audio stream as stereo AAC-LC.</summary>
    public static string AudioArguments(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture, $"-map 0:a:0 -c:a aac -b:a {options.AudioBitrateKbps}k -ac 2 {NoMetadata}");
    }

    /// <summary>
    /// ffmpeg's HLS muxer writing CMAF: a header and one fragment per piece into <paramref name="folder"/>, and a local
    /// playlist it rewrites (atomically) each time a piece is complete. ffmpeg 5.1 cannot write LL-HLS parts itself, so
    /// it cuts every <see cref="SegmentSchedule.PartSeconds"/> whether a keyframe is there or not (<c>split_by_time</c>):
    /// each piece is a part, and the publisher joins a segment's pieces (keyframes on its boundaries) into the segment.
    /// </summary>
    public static string CmafArguments(string folder, MediaOptions options) =>
        string.Create(CultureInfo.InvariantCulture,
            $"-f hls -hls_time {GuardedFfmpeg.Seconds(SegmentSchedule.Of(options).PartSeconds)} -hls_flags split_by_time -hls_playlist_type event -hls_segment_type fmp4 " +
            $"-hls_fmp4_init_filename {CmafLayout.InitSegment} -hls_segment_filename {GuardedFfmpeg.Quote(Path.Combine(folder, "piece_%05d.m4s"))}");

    /// <summary>The highest rate a rung's encoder may reach; what a growing master playlist announces until the rung is measured.</summary>
    public static int MaxRateKbps(Rendition rung, double frameRate)
    {
        ArgumentNullException.ThrowIfNull(rung);
        var shortSide = Math.Min(rung.Width, rung.Height);
        var kbps = shortSide switch
        {
            >= 1080 => 6000,
            >= 720 => 3500,
            >= 480 => 1600,
            >= 360 => 900,
            _ => 600,
        };
        return Math.Min(frameRate, MaxFrameRate) > 40 ? kbps * 3 / 2 : kbps;
    }

    // Phones put the recording location in metadata; renditions are shared, so none of it is carried over.
    private const string NoMetadata = "-map_metadata -1 -map_chapters -1";
}
