using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// The seek previews, when the ladder's decode did not give them (a retry of a video whose ladder was made before, or a
/// video without pictures where the tiles are taken): a run of its own.
/// </summary>
internal sealed class CaptureStoryboard : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.Source is not null && !job.HasStoryboard;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var path = work.Workspace.PathFor("storyboard.jpg");
        await StoryboardCapture.CaptureAsync(await work.SourceAsync(job, ct), path, job.Source!, StoryboardCapture.Plan(job.Source!), work.Bounds(job), ct);
        await PublishAsync(job, work, path, ct);
    }

    public static async Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct)
    {
        var key = VideoKeys.Storyboard(job.Id);
        var plan = StoryboardCapture.Plan(job.Source!);
        await work.Storage.UploadFileAsync(key, path, "image/jpeg", ct);
        await work.RecordAsync(new StoryboardReady(job.Id, key, plan.IntervalSeconds, plan.Count, plan.Columns, plan.TileWidth, plan.TileHeight), ct);
    }
}
