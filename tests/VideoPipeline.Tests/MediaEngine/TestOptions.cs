using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>One rendition the ladder wrote: ffmpeg's local playlist of its pieces, and all of it as one fragmented MP4 to probe.</summary>
internal sealed record StreamedRendition(StreamOutput Output, string Folder, MediaPlaylist Pieces, string Flattened)
{
    public string Name => Output.Name;
}

internal static class TestOptions
{
    /// <summary>The wall time a spec's run may take: the caller's to give (the service gives what the job's cost allows).</summary>
    public static readonly TimeSpan RunTime = TimeSpan.FromMinutes(5);

    public static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "videopipeline-transcoding-tests");

    public static MediaOptions Default() => new() { TempRoot = TempRoot };

    /// <summary>The production probe (identify, limits, decode check) with the default options.</summary>
    public static Task<SourceMedia> ProbeAsync(string clip, MediaOptions? options = null) =>
        MediaProbe.ProbeAsync(clip, options ?? Default(), CancellationToken.None);

    /// <summary>Probe, plan and run the ladder with the production code path into a fresh workspace; every output, flattened to probe.</summary>
    public static async Task<(SourceMedia Source, IReadOnlyList<StreamedRendition> Renditions)> TranscodeAsync(
        string clip, TempWorkspace workspace, MediaOptions? options = null, IProgress<double>? progress = null, Func<SourceMedia, PictureOutput[]>? pictures = null)
    {
        options ??= Default();
        var source = await ProbeAsync(clip, options);
        var outputs = LadderPlanner.Outputs(source);
        var root = Path.Combine(workspace.Path, "cmaf");
        await StreamingLadder.RunAsync(source.At(clip), root, source, outputs, pictures?.Invoke(source) ?? [], options,
            options.BoundsFor(source, new FileInfo(clip).Length, TestOptions.RunTime), progress, CancellationToken.None);

        var renditions = new List<StreamedRendition>();
        foreach (var output in outputs)
        {
            var folder = output.FolderUnder(root);
            var pieces = MediaPlaylist.Parse(await File.ReadAllTextAsync(output.LocalPlaylistUnder(root)));
            var flattened = Path.Combine(workspace.Path, output.Name + ".mp4");
            await CmafFiles.FlattenAsync(
                Path.Combine(folder, "init.mp4"), pieces.Segments.Select(s => Path.Combine(folder, s.Uri)).ToList(), flattened, CancellationToken.None);
            renditions.Add(new StreamedRendition(output, folder, pieces, flattened));
        }

        return (source, renditions);
    }
}
