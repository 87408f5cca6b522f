using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>The file types of a still picture.</summary>
public enum StillFormat
{
    Jpeg,
    Png,
    Webp,
}

/// <summary>The file types of a moving picture.</summary>
public enum AnimatedFormat
{
    Webp,
    Gif,
}

/// <summary>
/// Pictures made on request from a piece of a video (the image API): a still at a moment, or a short looping animation,
/// at the size and shape of a <see cref="FittedPicture"/>. Each is one guarded, bounded ffmpeg run over an input the
/// caller joined from stored segments; times are counted from that input's start.
/// </summary>
public static class PictureRender
{
    /// <summary>How long the last picture is held past the input's end, so a moment inside the last frame still finds it.</summary>
    private const double HoldLastSeconds = 1;

    public static async Task StillAsync(MediaInput input, string outputPath, double atSeconds, FittedPicture size, StillFormat format, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(size);
        var filters = Invariant($"setpts=PTS-STARTPTS,tpad=stop_mode=clone:stop_duration={HoldLastSeconds},select='gte(t,{GuardedFfmpeg.Seconds(atSeconds)})',{size.Filters}");
        var encoder = format switch
        {
            StillFormat.Jpeg => "-c:v mjpeg -q:v 3 -f image2 -update 1",
            StillFormat.Png => "-c:v png -f image2 -update 1",
            _ => "-c:v libwebp -quality 80 -f webp",
        };
        await RunAsync(input, outputPath, $"-map 0:v:0 -an -vf {filters} -frames:v 1 {encoder}", bounds, ct).ConfigureAwait(false);
    }

    /// <param name="maxFrames">A bound of its own on the pictures written, whatever the frame rate and duration say.</param>
    public static async Task AnimatedAsync(
        MediaInput input, string outputPath, double startSeconds, double durationSeconds, int fps, FittedPicture size, AnimatedFormat format, int maxFrames, MediaBounds bounds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        var frames = Invariant(
            $"setpts=PTS-STARTPTS,trim=start={GuardedFfmpeg.Seconds(startSeconds)}:duration={GuardedFfmpeg.Seconds(durationSeconds)},setpts=PTS-STARTPTS,fps={fps},{size.Filters}");
        var (filters, encoder) = format switch
        {
            // One palette for the whole animation, made from its own pictures: GIF's 256 colours chosen well.
            AnimatedFormat.Gif => ($"{frames},split[pictures][sample];[sample]palettegen=stats_mode=diff[palette];[pictures][palette]paletteuse=dither=bayer:bayer_scale=4",
                "-f gif -loop 0"),
            _ => (frames, "-c:v libwebp_anim -quality 70 -loop 0 -f webp"),
        };
        await RunAsync(input, outputPath, Invariant($"-map 0:v:0 -an -vf {filters} -frames:v {maxFrames} {encoder}"), bounds, ct).ConfigureAwait(false);
    }

    private static async Task RunAsync(MediaInput input, string outputPath, string outputArguments, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        File.Delete(outputPath);
        var command = GuardedFfmpeg.Read(input).OutputToFile(outputPath, overwrite: true, output => output.WithCustomArgument(outputArguments));
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
        if (new FileInfo(outputPath) is not { Exists: true, Length: > 0 })
        {
            throw new TranscodeFailedException($"ffmpeg wrote no picture for {Path.GetFileName(input.Path)}.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
