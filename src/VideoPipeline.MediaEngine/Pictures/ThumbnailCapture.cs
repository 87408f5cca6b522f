using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>A JPEG poster frame, upright, at most 640 wide (360 high for portrait).</summary>
public static class ThumbnailCapture
{
    private const int MaxLandscapeWidth = 640;
    private const int MaxPortraitHeight = 360;

    private const string Label = "thumb";

    /// <summary>The first picture the branch lets through (or the run of its own takes).</summary>
    private const string OutputArguments = "-frames:v 1 -q:v 3 -f image2 -update 1";

    /// <summary>
    /// The thumbnail as a branch of the ladder's decode, written to <paramref name="path"/>: the first picture at <see cref="Moment"/>, scaled. Only that one
    /// picture passes the branch's <c>select</c> (the decode goes on for the rungs; scaling every later picture only to
    /// drop it cost 2% of the ladder). When the video has no picture there (it ends earlier than it says), the branch
    /// gives nothing and <see cref="CaptureAsync"/> runs on its own afterwards.
    /// </summary>
    internal static PictureOutput Output(SourceMedia source, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (width, height) = Size(source);
        return new PictureOutput(new DecodedBranch(string.Create(CultureInfo.InvariantCulture,
            $"select='isnan(prev_selected_t)*gte(t,{GuardedFfmpeg.Seconds(Moment(source))})',scale={width}:{height},setsar=1"), Label), path, OutputArguments);
    }

    /// <summary>Where the thumbnail is taken: 2 s in, or mid-clip when the clip is shorter than 4 s.</summary>
    internal static double Moment(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.DurationSeconds >= 4 ? 2.0 : source.DurationSeconds / 2;
    }

    /// <summary>Captures the frame at <see cref="Moment"/> in a run of its own, or the first frame when there is none there.</summary>
    public static async Task CaptureAsync(MediaInput input, string outputJpgPath, SourceMedia source, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(outputJpgPath);
        ArgumentNullException.ThrowIfNull(source);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputJpgPath))!);
        File.Delete(outputJpgPath);
        await CaptureAtAsync(input, outputJpgPath, source, Moment(source), bounds, ct).ConfigureAwait(false);

        // A declared duration longer than the last picture (audio outlasting video) leaves nothing to grab there.
        if (!File.Exists(outputJpgPath) || new FileInfo(outputJpgPath).Length == 0)
        {
            await CaptureAtAsync(input, outputJpgPath, source, 0, bounds, ct).ConfigureAwait(false);
        }

        if (!File.Exists(outputJpgPath))
        {
            throw new TranscodeFailedException($"ffmpeg wrote no thumbnail for {Path.GetFileName(input.Path)}.");
        }
    }

    /// <summary>Captures the first picture of <paramref name="input"/> (a clip's first edge: where the clip begins).</summary>
    public static async Task CaptureFirstAsync(MediaInput input, string outputJpgPath, SourceMedia source, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(outputJpgPath);
        ArgumentNullException.ThrowIfNull(source);
        File.Delete(outputJpgPath);
        await CaptureAtAsync(input, outputJpgPath, source, 0, bounds, ct).ConfigureAwait(false);
        if (!File.Exists(outputJpgPath) || new FileInfo(outputJpgPath).Length == 0)
        {
            throw new TranscodeFailedException($"ffmpeg wrote no picture for {Path.GetFileName(input.Path)}.");
        }
    }

    private static async Task CaptureAtAsync(MediaInput input, string outputJpgPath, SourceMedia source, double at, MediaBounds bounds, CancellationToken ct)
    {
        var (width, height) = Size(source);
        var filters = (source.IsInterlaced ? "yadif=deint=interlaced," : string.Empty)
            + string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height},setsar=1");
        var command = GuardedFfmpeg
            .Read(input, arguments => arguments.WithCustomArgument($"-ss {GuardedFfmpeg.Seconds(at)}"))
            .OutputToFile(outputJpgPath, overwrite: true, output => output.WithCustomArgument(
                string.Create(CultureInfo.InvariantCulture, $"-map 0:{source.VideoStreamIndex} -vf {filters} {OutputArguments}")));
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
    }

    private static (int Width, int Height) Size(SourceMedia source)
    {
        if (source.IsPortrait)
        {
            var height = LadderPlanner.RoundToEven(Math.Min(MaxPortraitHeight, source.DisplayHeight));
            return (LadderPlanner.RoundToEven(height * (double)source.DisplayWidth / source.DisplayHeight), height);
        }

        var width = LadderPlanner.RoundToEven(Math.Min(MaxLandscapeWidth, source.DisplayWidth));
        return (width, LadderPlanner.RoundToEven(width * (double)source.DisplayHeight / source.DisplayWidth));
    }
}
