using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>One output of the ladder's process: a video rung, or the audio-only rendition (<see cref="Rung"/> null).</summary>
public sealed record StreamOutput(string Name, Rendition? Rung)
{
    public static StreamOutput Audio { get; } = new(CmafLayout.AudioRendition, null);

    public static StreamOutput Video(Rendition rung) => new(rung.Name, rung);

    public bool IsAudio => Rung is null;

    /// <summary>What this output's stored files (header, segments, parts) are served as.</summary>
    public string ContentType => IsAudio ? "audio/mp4" : "video/mp4";

    /// <summary>Where ffmpeg writes this output's header, pieces and local playlist.</summary>
    public string FolderUnder(string root) => Path.Combine(root, Name);

    public string LocalPlaylistUnder(string root) => Path.Combine(FolderUnder(root), CmafLayout.MediaPlaylist);
}

/// <summary>
/// The whole ladder in one ffmpeg process over a guarded input: one decode, <c>split</c> into a scaler and an H.264
/// encoder per rung, the audio encoded once, each written as CMAF while it encodes (so it can be published as it
/// goes), and the poster frame and the storyboard taken from the same decode.
/// </summary>
internal static class StreamingLadder
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs the ladder; every output's files land under <paramref name="outputRoot"/>/&lt;name&gt;/ (see
    /// <see cref="StreamOutput"/>), each of <paramref name="pictures"/> (the thumbnail, the storyboard) at its path. Progress is
    /// 0..100, at most about once a second.
    /// </summary>
    /// <exception cref="MediaBoundExceededException">ffmpeg broke one of <paramref name="bounds"/> (time, memory, output); it was stopped.</exception>
    /// <exception cref="TranscodeStalledException">ffmpeg's output time did not advance for <see cref="MediaOptions.StallTimeout"/>; it was killed.</exception>
    /// <exception cref="TranscodeFailedException">ffmpeg exited non-zero.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; ffmpeg was killed before this was thrown.</exception>
    public static async Task RunAsync(
        MediaInput input,
        string outputRoot,
        SourceMedia source,
        IReadOnlyList<StreamOutput> outputs,
        IReadOnlyList<PictureOutput> pictures,
        MediaOptions options,
        MediaBounds bounds,
        IProgress<double>? progressPercent,
        CancellationToken ct,
        OutputActivity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(pictures);
        foreach (var output in outputs)
        {
            var folder = output.FolderUnder(outputRoot);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
        }

        var progress = new ThrottledProgress(progressPercent, ProgressInterval);
        await GuardedFfmpeg.RunAsync(
            Command(input, outputRoot, source, outputs, pictures, options),
            bounds,
            time => progress.Report(time.TotalSeconds / source.DurationSeconds * 100),
            onStandardOutput: null,
            ct,
            activity).ConfigureAwait(false);
        progress.Complete();
    }

    private static FFMpegArgumentProcessor Command(
        MediaInput input, string outputRoot, SourceMedia source, IReadOnlyList<StreamOutput> outputs, IReadOnlyList<PictureOutput> pictures, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        options.Validate();
        if (outputs.Count == 0 && pictures.Count == 0)
        {
            throw new ArgumentException("The ladder has nothing to make.", nameof(outputs));
        }

        var rungs = outputs.Where(o => !o.IsAudio).Select(o => o.Rung!).ToList();
        var branches = rungs.Select(LadderEncoding.RungBranch).Concat(pictures.Select(p => p.Branch)).ToList();

        return GuardedFfmpeg.Read(input).OutputToMany(files =>
        {
            var graph = branches.Count > 0 ? $"-filter_complex \"{LadderEncoding.FilterGraph(source, branches)}\" " : "";
            foreach (var output in outputs)
            {
                var encoding = output.IsAudio ? LadderEncoding.AudioArguments(options) : LadderEncoding.VideoArguments(output.Rung!, source, options);
                files.OutputToFile(output.LocalPlaylistUnder(outputRoot), overwrite: true, file => file.WithCustomArgument(
                    graph + encoding + " " + LadderEncoding.CmafArguments(output.FolderUnder(outputRoot), options)));
                graph = "";
            }

            foreach (var picture in pictures)
            {
                files.OutputToFile(picture.Path, overwrite: true, file => file.WithCustomArgument(
                    graph + string.Create(CultureInfo.InvariantCulture, $"-map [{picture.Branch.Label}] {picture.Arguments}")));
                graph = "";
            }
        });
    }
}
