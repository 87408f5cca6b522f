using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>A JPEG poster frame, upright, at most 640 wide (360 high for portrait).</summary>
public static class ThumbnailCapture
{
    private const int MaxLandscapeWidth = 640;
    private const int MaxPortraitHeight = 360;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Captures the frame at 2 s, or mid-clip when the clip is shorter than 4 s.</summary>
    public static async Task CaptureAsync(string inputPath, string outputJpgPath, SourceMedia source, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputJpgPath);
        ArgumentNullException.ThrowIfNull(source);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputJpgPath))!);
        var at = source.DurationSeconds >= 4 ? 2.0 : source.DurationSeconds / 2;
        File.Delete(outputJpgPath);
        await CaptureAtAsync(inputPath, outputJpgPath, source, at, ct).ConfigureAwait(false);

        // A declared duration longer than the last picture (audio outlasting video) leaves nothing to grab there.
        if (!File.Exists(outputJpgPath) || new FileInfo(outputJpgPath).Length == 0)
        {
            await CaptureAtAsync(inputPath, outputJpgPath, source, 0, ct).ConfigureAwait(false);
        }

        if (!File.Exists(outputJpgPath))
        {
            throw new TranscodeFailedException($"ffmpeg wrote no thumbnail for {Path.GetFileName(inputPath)}.");
        }
    }

    private static async Task CaptureAtAsync(string inputPath, string outputJpgPath, SourceMedia source, double at, CancellationToken ct)
    {
        var (width, height) = Size(source);
        var filters = (source.IsInterlaced ? "yadif=deint=interlaced," : string.Empty)
            + string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height},setsar=1");
        var processor = FFMpegArguments
            .FromFileInput(inputPath, verifyExists: true, input => input.WithCustomArgument($"-ss {FfmpegRunner.Seconds(at)}"))
            .OutputToFile(outputJpgPath, overwrite: true, output => output.WithCustomArgument(
                string.Create(CultureInfo.InvariantCulture, $"-map 0:{source.VideoStreamIndex} -frames:v 1 -vf {filters} -q:v 3 -f image2 -update 1")));
        await FfmpegRunner.RunAsync(processor, StallTimeout, onOutputTime: null, ct).ConfigureAwait(false);
    }

    private static (int Width, int Height) Size(SourceMedia source)
    {
        if (source.IsPortrait)
        {
            var height = Even(Math.Min(MaxPortraitHeight, source.DisplayHeight));
            return (Even(height * (double)source.DisplayWidth / source.DisplayHeight), height);
        }

        var width = Even(Math.Min(MaxLandscapeWidth, source.DisplayWidth));
        return (width, Even(width * (double)source.DisplayHeight / source.DisplayWidth));
    }

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);
}
