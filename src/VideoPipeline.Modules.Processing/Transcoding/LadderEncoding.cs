using System.Globalization;
using System.Text;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>The ffmpeg filter graph and per-rung encoder settings of the ladder.</summary>
internal static class LadderEncoding
{
    private const double MaxFrameRate = 60;

    /// <summary>
    /// One decode feeding <c>split=N</c>, one scale per rung. ffmpeg's autorotation runs before the graph, so the
    /// frames arriving here are already upright and the rung sizes (display orientation) apply as they are.
    /// </summary>
    public static string FilterGraph(SourceMedia source, IReadOnlyList<Rendition> rungs)
    {
        var graph = new StringBuilder().Append(CultureInfo.InvariantCulture, $"[0:{source.VideoStreamIndex}]");
        if (source.IsInterlaced)
        {
            graph.Append("yadif=deint=interlaced,");
        }

        if (source.FrameRate > MaxFrameRate + 0.5)
        {
            graph.Append(CultureInfo.InvariantCulture, $"fps={MaxFrameRate},");
        }

        graph.Append(CultureInfo.InvariantCulture, $"split={rungs.Count}");
        for (var i = 0; i < rungs.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[s{i}]");
        }

        for (var i = 0; i < rungs.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $";[s{i}]scale={rungs[i].Width}:{rungs[i].Height},setsar=1,format=yuv420p[v{i}]");
        }

        return graph.ToString();
    }

    /// <summary>
    /// Encoder settings for rung <paramref name="index"/>. Keyframes fall on the same timestamps in every rung
    /// (fixed GOP of one HLS segment, no scene-cut keyframes, forced at segment boundaries for variable frame rates)
    /// so the MP4s can be cut into switchable HLS segments without re-encoding.
    /// </summary>
    public static string OutputArguments(int index, Rendition rung, SourceMedia source, TranscodeOptions options)
    {
        var frameRate = Math.Min(source.FrameRate, MaxFrameRate);
        var gop = Math.Max(1, (int)Math.Round(frameRate * options.HlsSegmentSeconds));
        var maxRateKbps = MaxRateKbps(rung, frameRate);
        var shortSide = Math.Min(rung.Width, rung.Height);

        var arguments = new StringBuilder().Append(CultureInfo.InvariantCulture, $"-map [v{index}] ");
        arguments.Append(source.HasAudio
            ? $"-map 0:a:0 -c:a aac -b:a {options.AudioBitrateKbps}k -ac 2 "
            : "-an ");
        arguments.Append(CultureInfo.InvariantCulture,
            $"-c:v libx264 -preset {options.Preset} -crf {options.Crf} -profile:v {(shortSide <= 360 ? "main" : "high")} -pix_fmt yuv420p ");
        arguments.Append(CultureInfo.InvariantCulture, $"-maxrate {maxRateKbps}k -bufsize {maxRateKbps * 2}k ");
        arguments.Append(CultureInfo.InvariantCulture,
            $"-g {gop} -keyint_min {gop} -sc_threshold 0 -force_key_frames \"expr:gte(t,n_forced*{options.HlsSegmentSeconds})\" ");

        // Phones put the recording location in metadata; renditions are shared, so none of it is carried over.
        arguments.Append("-map_metadata -1 -map_chapters -1 -movflags +faststart");
        return arguments.ToString();
    }

    // Caps CRF's peaks so a rung stays streamable; generous enough that ordinary content never hits them.
    private static int MaxRateKbps(Rendition rung, double frameRate)
    {
        var shortSide = Math.Min(rung.Width, rung.Height);
        var kbps = shortSide switch
        {
            >= 1080 => 6000,
            >= 720 => 3500,
            >= 480 => 1600,
            >= 360 => 900,
            _ => 600,
        };
        return frameRate > 40 ? kbps * 3 / 2 : kbps;
    }
}
