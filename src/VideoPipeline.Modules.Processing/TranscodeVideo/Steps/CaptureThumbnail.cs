using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// The poster frame, when the ladder's decode did not give one (it ran before, or the video has no picture where the
/// thumbnail is taken): a run of its own.
/// </summary>
internal sealed class CaptureThumbnail : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.Source is not null && !job.HasThumbnail;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var path = work.Workspace.PathFor("thumb.jpg");
        await ThumbnailCapture.CaptureAsync(await work.SourceAsync(job, ct), path, job.Source!, work.Bounds(job), ct);
        await PublishAsync(job, work, path, ct);
    }

    public static async Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct)
    {
        var key = VideoKeys.Thumbnail(job.Id);
        await work.Storage.UploadFileAsync(key, path, "image/jpeg", ct);
        await work.RecordAsync(new ThumbnailReady(job.Id, key), ct);
    }
}
