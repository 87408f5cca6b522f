using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>The poster frame.</summary>
internal sealed class CaptureThumbnail() : CapturePicture("thumb.jpg")
{
    public override async Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct)
    {
        var key = VideoKeys.Thumbnail(job.Id);
        await work.Storage.UploadFileAsync(key, path, "image/jpeg", ct);
        await work.RecordAsync(new ThumbnailReady(job.Id, key), ct);
    }

    protected override bool IsRecorded(TranscodeJob job) => job.HasThumbnail;

    protected override Task CaptureAsync(MediaInput input, string path, TranscodeJob job, TranscodeWork work, CancellationToken ct) =>
        ThumbnailCapture.CaptureAsync(input, path, job.Source!, work.Bounds(job), ct);
}
