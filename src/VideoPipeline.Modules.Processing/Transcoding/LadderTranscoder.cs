using FFMpegCore;
using VideoPipeline.BuildingBlocks.Media;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>Encodes all rungs of a ladder in one ffmpeg process: one decode, <c>split</c> into one scaler and encoder per rung.</summary>
internal static class LadderTranscoder
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Writes <c>&lt;Name&gt;.mp4</c> per rung into <paramref name="outputDir"/> (H.264 yuv420p, AAC stereo when the source has
    /// audio, <c>+faststart</c>). Progress is 0..100, at most about once a second.
    /// </summary>
    /// <exception cref="MediaBoundExceededException">ffmpeg broke a bound (time, memory, output) of <see cref="TranscodeOptions.BoundsFor"/>; it was stopped.</exception>
    /// <exception cref="TranscodeStalledException">ffmpeg's output time did not advance for <see cref="TranscodeOptions.StallTimeout"/>; it was killed.</exception>
    /// <exception cref="TranscodeFailedException">ffmpeg exited non-zero.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; ffmpeg was killed before this was thrown.</exception>
    public static async Task<IReadOnlyList<RenditionFile>> TranscodeAsync(
        MediaInput input,
        string outputDir,
        SourceMedia source,
        IReadOnlyList<Rendition> rungs,
        TranscodeOptions options,
        IProgress<double>? progressPercent,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rungs);
        ArgumentOutOfRangeException.ThrowIfZero(rungs.Count, nameof(rungs));
        Directory.CreateDirectory(outputDir);

        var bounds = options.BoundsFor(source, new FileInfo(input.Path).Length);
        var progress = new ThrottledProgress(progressPercent, ProgressInterval);
        var command = BuildCommand(input, outputDir, source, rungs, options);
        await GuardedFfmpeg.RunAsync(
            command,
            bounds,
            time => progress.Report(time.TotalSeconds / source.DurationSeconds * 100),
            onStandardOutput: null,
            ct).ConfigureAwait(false);

        var files = await Task.WhenAll(rungs.Select(rung => DescribeOutputAsync(rung, OutputPath(outputDir, rung), options, ct))).ConfigureAwait(false);
        progress.Complete();
        return files;
    }

    /// <summary>The ffmpeg arguments <see cref="TranscodeAsync"/> runs, for logs and benchmarks.</summary>
    public static string CommandLine(MediaInput input, string outputDir, SourceMedia source, IReadOnlyList<Rendition> rungs, TranscodeOptions options) =>
        BuildCommand(input, outputDir, source, rungs, options).Arguments;

    public static string OutputPath(string outputDir, Rendition rung)
    {
        ArgumentNullException.ThrowIfNull(rung);
        return Path.Combine(outputDir, rung.Name + ".mp4");
    }

    private static FFMpegArgumentProcessor BuildCommand(
        MediaInput input, string outputDir, SourceMedia source, IReadOnlyList<Rendition> rungs, TranscodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(outputDir);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rungs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var filterGraph = LadderEncoding.FilterGraph(source, rungs);
        return GuardedFfmpeg
            .Read(input)
            .OutputToMany(outputs =>
            {
                for (var i = 0; i < rungs.Count; i++)
                {
                    var encoding = LadderEncoding.OutputArguments(i, rungs[i], source, options);
                    var arguments = i == 0 ? $"-filter_complex \"{filterGraph}\" {encoding}" : encoding;
                    outputs.OutputToFile(OutputPath(outputDir, rungs[i]), overwrite: true, output => output.WithCustomArgument(arguments));
                }
            });
    }

    private static async Task<RenditionFile> DescribeOutputAsync(Rendition rung, string path, TranscodeOptions options, CancellationToken ct)
    {
        var analysis = await GuardedFfmpeg.ProbeAsync(new MediaInput(path, Container.Mp4), options.ProbeBounds, ct).ConfigureAwait(false);
        var video = analysis.PrimaryVideoStream
            ?? throw new TranscodeFailedException($"ffmpeg wrote {Path.GetFileName(path)} without a video stream.");
        return new RenditionFile(rung, path, video.Width ?? rung.Width, video.Height ?? rung.Height, new FileInfo(path).Length);
    }
}
