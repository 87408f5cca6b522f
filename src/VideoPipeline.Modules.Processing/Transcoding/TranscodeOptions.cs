namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>How sources are transcoded (section <c>VideoPipeline:Processing</c>).</summary>
public sealed class TranscodeOptions
{
    private static readonly string[] X264Presets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    /// <summary>libx264 speed preset.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>libx264 constant rate factor (lower is better and bigger); rungs are also capped by a per-height max bitrate.</summary>
    public int Crf { get; set; } = 23;

    public int AudioBitrateKbps { get; set; } = 128;

    /// <summary>Also package every rung as HLS under <c>hls/</c> with a <c>hls/master.m3u8</c> (adaptive playback).</summary>
    public bool EnableHls { get; set; } = true;

    public int HlsSegmentSeconds { get; set; } = 4;

    /// <summary>ffmpeg is killed when its output time has not advanced for this long.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Transcodes run at once on this node; 0 means one per two cores (at least one).</summary>
    public int MaxParallelTranscodes { get; set; }

    /// <summary>Per-job work folders are created under this folder.</summary>
    public string TempRoot { get; set; } = Path.Combine(Path.GetTempPath(), "videopipeline");

    public int ResolveMaxParallelTranscodes() =>
        MaxParallelTranscodes > 0 ? MaxParallelTranscodes : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Throws for values ffmpeg would reject or that would end up unquoted on its command line.</summary>
    public void Validate()
    {
        if (!X264Presets.Contains(Preset, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Preset '{Preset}' is not a libx264 preset ({string.Join(", ", X264Presets)}).", nameof(Preset));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Crf, nameof(Crf));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Crf, 51, nameof(Crf));
        ArgumentOutOfRangeException.ThrowIfLessThan(AudioBitrateKbps, 16, nameof(AudioBitrateKbps));
        ArgumentOutOfRangeException.ThrowIfLessThan(HlsSegmentSeconds, 1, nameof(HlsSegmentSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero, nameof(StallTimeout));
        ArgumentException.ThrowIfNullOrWhiteSpace(TempRoot, nameof(TempRoot));
    }
}
