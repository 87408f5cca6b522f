using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

internal static class TestOptions
{
    public static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "videopipeline-transcoding-tests");

    public static TranscodeOptions Default() => new() { TempRoot = TempRoot };

    /// <summary>The production probe (identify, limits, decode check) with the default options.</summary>
    public static Task<SourceMedia> ProbeAsync(string clip, TranscodeOptions? options = null) =>
        MediaProbe.ProbeAsync(clip, options ?? Default(), CancellationToken.None);

    /// <summary>Probes the clip, then remuxes it for the fast path through its identified container, under its bounds.</summary>
    public static async Task RemuxAsync(string clip, string output)
    {
        var source = await ProbeAsync(clip);
        await FastStartRemux.RemuxAsync(source.At(clip), output, Default().BoundsFor(source, new FileInfo(clip).Length), CancellationToken.None);
    }

    /// <summary>Probe, plan and transcode a clip with the production code path, into a fresh workspace.</summary>
    public static async Task<(SourceMedia Source, IReadOnlyList<RenditionFile> Files)> TranscodeAsync(
        string clip, TempWorkspace workspace, TranscodeOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= Default();
        var source = await ProbeAsync(clip, options);
        var rungs = LadderPlanner.Plan(source);
        var files = await LadderTranscoder.TranscodeAsync(source.At(clip), workspace.Path, source, rungs, options, progress, CancellationToken.None);
        return (source, files);
    }
}
