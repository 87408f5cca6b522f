using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

public static class TestOptions
{
    public static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "videopipeline-transcoding-tests");

    public static TranscodeOptions Default() => new() { TempRoot = TempRoot };

    /// <summary>Probe, plan and transcode a clip with the production code path, into a fresh workspace.</summary>
    public static async Task<(SourceMedia Source, IReadOnlyList<RenditionFile> Files)> TranscodeAsync(
        string clip, TempWorkspace workspace, TranscodeOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= Default();
        var source = await MediaProbe.ProbeAsync(clip, CancellationToken.None);
        var rungs = LadderPlanner.Plan(source, options);
        var files = await LadderTranscoder.TranscodeAsync(clip, workspace.Path, source, rungs, options, progress, CancellationToken.None);
        return (source, files);
    }
}
