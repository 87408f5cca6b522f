
namespace VideoPipeline.MediaEngine;

/// <summary>
/// How the engine reads, bounds and encodes a source: the guard's limits, the encoder's settings, the segment schedule
/// and where its work folders go. The host binds it to <c>VideoPipeline:Processing</c>.
/// </summary>
public sealed class MediaOptions
{
    private static readonly string[] X264Presets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    private static readonly string[] X264Tunes = ["film", "animation", "grain", "stillimage", "fastdecode", "zerolatency"];

    private const long ProbeOutputBytes = 16L * 1024 * 1024;
    private const long OutputHeadroomBytes = 256L * 1024 * 1024;
    private const long OutputBytesPerSourceSecond = 4L * 1024 * 1024;

    /// <summary>libx264 speed preset.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>libx264 tuning (<c>zerolatency</c> for live input), or null for none.</summary>
    public string? Tune { get; set; }

    /// <summary>libx264 constant rate factor (lower is better and bigger); rungs are also capped by a per-height max bitrate.</summary>
    public int Crf { get; set; } = 23;

    public int AudioBitrateKbps { get; set; } = 128;

    /// <summary>Duration of the streaming segments once the stream is under way; keyframes of every rung fall on their boundaries.</summary>
    public double SegmentSeconds { get; set; } = 4;

    /// <summary>
    /// Duration of the first segments: each next one lasts as long as all before it, up to <see cref="SegmentSeconds"/>
    /// (0.5, 0.5, 1, 2, 4, 4, ...), so the first is published, and the video playable, after this much of it is encoded.
    /// <see cref="SegmentSeconds"/> must be this times a power of two. Half a second rather than one takes about 0.6 s
    /// off the way to playable for a 1080p source on two cores (bench/streaming.sh), for one more keyframe a rung.
    /// </summary>
    public double FirstSegmentSeconds { get; set; } = 0.5;

    /// <summary>
    /// Duration of the parts (LL-HLS partial segments) each segment is published as while it encodes, so a player starts
    /// once the first part is out rather than the first segment. <see cref="FirstSegmentSeconds"/> must be a whole number of them.
    /// </summary>
    public double PartSeconds { get; set; } = 0.25;

    /// <summary>ffmpeg is killed when its output time has not advanced for this long.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-job work folders are created under this folder.</summary>
    public string TempRoot { get; set; } = Path.Combine(Path.GetTempPath(), "videopipeline");

    /// <summary>Uploads with a picture larger than this many pixels are refused before anything decodes them (default: 8K, 7680x4320).</summary>
    public long MaxPixels { get; set; } = 7680L * 4320;

    /// <summary>Uploads faster than this many frames per second are refused before decoding.</summary>
    public double MaxFrameRate { get; set; } = 240;

    /// <summary>Uploads with more streams than this are refused before decoding.</summary>
    public int MaxStreams { get; set; } = 32;

    /// <summary>Uploads longer than this are refused before decoding (default: 4 hours).</summary>
    public double MaxDurationSeconds { get; set; } = 4 * 60 * 60;

    /// <summary>The most resident memory one ffmpeg or ffprobe run may use before it is stopped.</summary>
    public long MaxMemoryBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Every run may take this long; a run over a source may take what its caller allows on top (<see cref="BoundsFor"/>).</summary>
    public TimeSpan MinRunTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The bounds of a run before the source's duration is known (identifying it, probing an output).</summary>
    public MediaBounds ProbeBounds => new(MinRunTime, MaxMemoryBytes, ProbeOutputBytes);

    /// <summary>
    /// The bounds of a run over a source: the wall time its caller allows (what the work costs, which the engine does not
    /// judge), the memory bound, and output room for a copy of the input plus the whole ladder at its capped bitrates
    /// (about 2.3 MB/s; 4 MB/s leaves headroom).
    /// </summary>
    public MediaBounds BoundsFor(SourceMedia source, long inputBytes, TimeSpan wallTime)
    {
        ArgumentNullException.ThrowIfNull(source);
        var outputBytes = OutputHeadroomBytes + (2 * inputBytes) + (long)(source.DurationSeconds * OutputBytesPerSourceSecond);
        return new MediaBounds(wallTime, MaxMemoryBytes, outputBytes, StallTimeout);
    }

    /// <summary>Throws for values ffmpeg would reject or that would end up unquoted on its command line.</summary>
    public void Validate()
    {
        if (!X264Presets.Contains(Preset, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Preset '{Preset}' is not a libx264 preset ({string.Join(", ", X264Presets)}).", nameof(Preset));
        }

        if (Tune is not null && !X264Tunes.Contains(Tune, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Tune '{Tune}' is not a libx264 tuning ({string.Join(", ", X264Tunes)}).", nameof(Tune));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Crf, nameof(Crf));
        ArgumentOutOfRangeException.ThrowIfLessThan(PartSeconds, 0.1, nameof(PartSeconds));
        if (!SegmentSchedule.IsWholeMultiple(FirstSegmentSeconds, PartSeconds))
        {
            throw new ArgumentException(
                $"FirstSegmentSeconds ({FirstSegmentSeconds}) must be a whole number of PartSeconds ({PartSeconds}).", nameof(PartSeconds));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(Crf, 51, nameof(Crf));
        ArgumentOutOfRangeException.ThrowIfLessThan(AudioBitrateKbps, 16, nameof(AudioBitrateKbps));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstSegmentSeconds, 0.25, nameof(FirstSegmentSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SegmentSeconds, 30, nameof(SegmentSeconds));
        if (!SegmentSchedule.IsPowerOfTwoMultiple(SegmentSeconds, FirstSegmentSeconds))
        {
            throw new ArgumentException(
                $"SegmentSeconds ({SegmentSeconds}) must be FirstSegmentSeconds ({FirstSegmentSeconds}) times a power of two (1, 2, 4, ...).", nameof(SegmentSeconds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero, nameof(StallTimeout));
        ArgumentException.ThrowIfNullOrWhiteSpace(TempRoot, nameof(TempRoot));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxFrameRate, 0, nameof(MaxFrameRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStreams, 1, nameof(MaxStreams));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxDurationSeconds, 0, nameof(MaxDurationSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMemoryBytes, 16L * 1024 * 1024, nameof(MaxMemoryBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinRunTime, TimeSpan.Zero, nameof(MinRunTime));
    }
}
