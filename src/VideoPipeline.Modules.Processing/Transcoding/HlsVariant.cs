using System.Globalization;
using System.Text;
using VideoPipeline.BuildingBlocks.Media;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>One rung's entry in the HLS master playlist, measured from the segments actually written.</summary>
internal sealed record HlsVariant(string Uri, int Width, int Height, long PeakBitsPerSecond, long AverageBitsPerSecond, string Codecs)
{
    public static async Task<HlsVariant> MeasureAsync(RenditionFile rung, string mediaPlaylistPath, MediaBounds probeBounds, CancellationToken ct)
    {
        var (peak, average) = await MeasureBitratesAsync(mediaPlaylistPath, ct).ConfigureAwait(false);
        var analysis = await GuardedFfmpeg.ProbeAsync(new MediaInput(rung.Path, Container.Mp4), probeBounds, ct).ConfigureAwait(false);
        var codecs = analysis.PrimaryVideoStream is { } video ? Avc1(video.Profile, video.Level) : "avc1.640028";
        if (analysis.PrimaryAudioStream is not null)
        {
            codecs += ",mp4a.40.2";
        }

        return new HlsVariant($"{rung.Rendition.Name}/{HlsLayout.MediaPlaylist}", rung.Width, rung.Height, peak, average, codecs);
    }

    /// <summary>Variants from the lightest up; players pick by bandwidth, and the lightest starts fastest on a cold link.</summary>
    public static string MasterPlaylist(IEnumerable<HlsVariant> variants)
    {
        var playlist = new StringBuilder();
        playlist.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var variant in variants.OrderBy(v => v.PeakBitsPerSecond))
        {
            playlist.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-STREAM-INF:BANDWIDTH={variant.PeakBitsPerSecond},AVERAGE-BANDWIDTH={variant.AverageBitsPerSecond}," +
                $"RESOLUTION={variant.Width}x{variant.Height},CODECS=\"{variant.Codecs}\"\n{variant.Uri}\n");
        }

        return playlist.ToString();
    }

    // HLS wants BANDWIDTH to be the peak segment bitrate; a stub last segment under half a second is left out of the peak.
    private static async Task<(long Peak, long Average)> MeasureBitratesAsync(string mediaPlaylistPath, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(mediaPlaylistPath)!;
        var lines = await File.ReadAllLinesAsync(mediaPlaylistPath, ct).ConfigureAwait(false);
        double peak = 0, totalBits = 0, totalSeconds = 0;
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (!lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                continue;
            }

            var seconds = double.Parse(lines[i]["#EXTINF:".Length..].TrimEnd(',').Split(',')[0], CultureInfo.InvariantCulture);
            var bits = new FileInfo(Path.Combine(folder, lines[i + 1].Trim())).Length * 8.0;
            totalBits += bits;
            totalSeconds += seconds;
            if (seconds >= 0.5 || peak == 0)
            {
                peak = Math.Max(peak, bits / Math.Max(seconds, 0.001));
            }
        }

        var average = totalSeconds > 0 ? totalBits / totalSeconds : 0;
        return ((long)Math.Ceiling(Math.Max(peak, average)), (long)Math.Ceiling(average));
    }

    // RFC 6381 avc1.PPCCLL: profile_idc, constraint flags, level_idc.
    private static string Avc1(string? profile, int level)
    {
        var profileAndConstraints = profile switch
        {
            "High" => "6400",
            "Main" => "4D40",
            "Baseline" or "Constrained Baseline" => "42E0",
            _ => "6400",
        };
        return $"avc1.{profileAndConstraints}{Math.Clamp(level, 10, 62):X2}";
    }
}
