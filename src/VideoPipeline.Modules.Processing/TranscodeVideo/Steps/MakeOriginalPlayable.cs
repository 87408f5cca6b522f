using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>The fast path: a source browsers can already play is remuxed with <c>+faststart</c> and playable in seconds, before the ladder runs.</summary>
internal sealed class MakeOriginalPlayable : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.Source is { IsBrowserPlayable: true } && !job.IsPlayable;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var path = work.Workspace.PathFor("original.mp4");
        await FastStartRemux.RemuxAsync(await work.SourceAsync(job, ct), path, work.Bounds(job), ct);
        var key = VideoKeys.Original(job.Id);
        await work.Storage.UploadFileAsync(key, path, "video/mp4", ct);
        var source = job.Source!;
        await work.RecordAsync(new OriginalReady(job.Id, key, source.DisplayWidth, source.DisplayHeight, new FileInfo(path).Length), ct);
    }
}
