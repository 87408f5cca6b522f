using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>What a live input may be: beyond these it is refused; the ladder itself caps what it makes (at <paramref name="LadderTop"/>, 60 fps).</summary>
/// <param name="MaxWidth">The widest picture accepted (either orientation: the long side).</param>
/// <param name="MaxHeight">The tallest picture accepted (the short side).</param>
/// <param name="MaxFrameRate">Frame rates above this are refused.</param>
/// <param name="MaxBitrateKbps">A declared video bit rate above this is refused.</param>
/// <param name="LadderTop">The short side of the ladder's top rung for a bigger input (one of <see cref="StandardLadder.ShortSides"/>).</param>
public sealed record LiveInputLimits(int MaxWidth, int MaxHeight, double MaxFrameRate, int MaxBitrateKbps, int LadderTop = 720);

/// <summary>A live input as probed: what the ladder is planned from, and what the ladder caps (said to the broadcaster).</summary>
public sealed record LiveSourceFound(SourceMedia Source, IReadOnlyList<string> Capped);

/// <summary>Reads what a live input is before the ladder starts on it, and refuses what is beyond the limits.</summary>
public static class LiveSource
{
    /// <summary>
    /// ffprobe of the live <paramref name="input"/> (its protocols and container forced), judged against
    /// <paramref name="limits"/>. The source's duration is <paramref name="longestBroadcast"/>, the most it may last.
    /// </summary>
    /// <exception cref="MediaRefusedException">Not a video, or beyond the limits: the reason says which.</exception>
    public static async Task<LiveSourceFound> ProbeAsync(
        MediaInput input, LiveInputLimits limits, TimeSpan longestBroadcast, MediaOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        var analysis = await ReadAsync(input, options, ct).ConfigureAwait(false);
        var video = analysis.PrimaryVideoStream ?? throw new MediaRefusedException("The live input has no video stream.");
        var (width, height) = (video.Width ?? 0, video.Height ?? 0);
        if (width <= 0 || height <= 0)
        {
            throw new MediaRefusedException($"The live input's video ({video.CodecName}) has no picture size.");
        }

        var frameRate = double.IsFinite(video.AverageFrameRate) && video.AverageFrameRate is > 0 and <= 300 ? video.AverageFrameRate : 30;
        var declared = video.BitRate ?? 0;
        var kbps = (declared > 0 ? declared : (long)(analysis.Format.BitRate ?? 0)) / 1000;
        var refusal = Refusal(width, height, frameRate, kbps, limits);
        if (refusal is not null)
        {
            throw new MediaRefusedException(refusal);
        }

        var source = new SourceMedia(
            DurationSeconds: longestBroadcast.TotalSeconds,
            DisplayWidth: width,
            DisplayHeight: height,
            HasAudio: analysis.PrimaryAudioStream is not null,
            VideoCodec: video.CodecName ?? "unknown",
            PixelFormat: video.PixelFormat ?? "unknown",
            BitDepth: (video.PixelFormat ?? "").Contains("p10", StringComparison.Ordinal) ? 10 : 8,
            Container: input.Container,
            FrameRate: frameRate,
            AudioCodec: analysis.PrimaryAudioStream?.CodecName,
            VideoStreamIndex: video.Index,
            LadderTop: limits.LadderTop);
        return new LiveSourceFound(source, Capped(source));
    }

    /// <summary>
    /// ffprobe of the input, tried again a few times: the ingest server may not have made the stream playable yet when the
    /// publish it has just accepted is read.
    /// </summary>
    private static async Task<IMediaAnalysis> ReadAsync(MediaInput input, MediaOptions options, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GuardedFfmpeg.ProbeAsync(input, options.ProbeBounds, ct).ConfigureAwait(false);
            }
            catch (MediaRefusedException) when (attempt < ReadAttempts)
            {
                await Task.Delay(ReadRetryDelay, ct).ConfigureAwait(false);
            }
        }
    }

    private const int ReadAttempts = 4;
    private static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Why a live input of this size, rate and bit rate is refused, or null when it is accepted.</summary>
    public static string? Refusal(int width, int height, double frameRate, long kbps, LiveInputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var (longSide, shortSide) = (Math.Max(width, height), Math.Min(width, height));
        if (longSide > limits.MaxWidth || shortSide > limits.MaxHeight)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The live input is {width}x{height}, larger than the {limits.MaxWidth}x{limits.MaxHeight} accepted.");
        }

        if (frameRate > limits.MaxFrameRate + 0.5)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The live input runs at {frameRate:0.#} frames per second, more than the {limits.MaxFrameRate:0.#} accepted.");
        }

        return kbps > limits.MaxBitrateKbps
            ? string.Create(CultureInfo.InvariantCulture, $"The live input's video is {kbps} kbit/s, more than the {limits.MaxBitrateKbps} kbit/s accepted.")
            : null;
    }

    /// <summary>What the ladder makes smaller than the input: its top rung, its frame rate.</summary>
    private static List<string> Capped(SourceMedia source)
    {
        var capped = new List<string>();
        var top = LadderPlanner.Plan(source)[0];
        if (top.Width < source.DisplayWidth && top.Height < source.DisplayHeight)
        {
            capped.Add($"The picture is served at most as {top.Name} ({top.Width}x{top.Height}).");
        }

        if (source.FrameRate > 60.5)
        {
            capped.Add(string.Create(CultureInfo.InvariantCulture, $"{source.FrameRate:0.#} frames per second are served as 60."));
        }

        return capped;
    }
}
