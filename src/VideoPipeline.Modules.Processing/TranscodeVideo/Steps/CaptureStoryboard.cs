using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>The seek previews: tiles of pictures at even intervals, in one image.</summary>
internal sealed class CaptureStoryboard() : CapturePicture("storyboard.jpg")
{
    public override async Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct)
    {
        var plan = StoryboardCapture.Plan(job.Source!);
        var key = VideoKeys.Storyboard(job.Id);
        await work.Storage.UploadFileAsync(key, path, "image/jpeg", ct);
        await work.RecordAsync(new StoryboardReady(job.Id, key, plan.IntervalSeconds, plan.Count, plan.Columns, plan.TileWidth, plan.TileHeight), ct);
    }

    protected override bool IsRecorded(TranscodeJob job) => job.HasStoryboard;

    protected override Task CaptureAsync(MediaInput input, string path, TranscodeJob job, TranscodeWork work, CancellationToken ct) =>
        StoryboardCapture.CaptureAsync(input, path, job.Source!, StoryboardCapture.Plan(job.Source!), work.Bounds(job), ct);
}
