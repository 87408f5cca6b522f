using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// A picture the ladder's decode takes on its way (<see cref="EncodeLadder"/>), taken in a run of its own when that
/// decode did not give it: a retry of a video whose ladder was made before, or a video without pictures where it is
/// taken. The pictures differ only in what they are, so each is an instance: <see cref="Thumbnail"/>, <see cref="Storyboard"/>.
/// </summary>
internal sealed class CapturePicture(
    string name, string fileName, Func<TranscodeJob, bool> isRecorded, Func<Guid, string> keyOf, Func<TranscodeJob, string, object> recorded,
    CapturePicture.Capture capture) : TranscodeStep
{
    /// <summary>Takes the picture from the source in a run of its own.</summary>
    public delegate Task Capture(MediaInput input, string path, TranscodeJob job, TranscodeWork work, CancellationToken ct);

    /// <summary>The poster frame.</summary>
    public static CapturePicture Thumbnail { get; } = new(
        "CaptureThumbnail", "thumb.jpg", job => job.HasThumbnail, VideoKeys.Thumbnail, (job, key) => new ThumbnailReady(job.Id, key),
        (input, path, job, work, ct) => ThumbnailCapture.CaptureAsync(input, path, job.Source!, work.Bounds(job), ct));

    /// <summary>The seek previews: tiles of pictures at even intervals, in one image.</summary>
    public static CapturePicture Storyboard { get; } = new(
        "CaptureStoryboard", "storyboard.jpg", job => job.HasStoryboard, VideoKeys.Storyboard, StoryboardRecorded,
        (input, path, job, work, ct) => StoryboardCapture.CaptureAsync(input, path, job.Source!, StoryboardCapture.Plan(job.Source!), work.Bounds(job), ct));

    public override string Name => name;

    public override bool IsNeeded(TranscodeJob job) => job.Source is not null && !isRecorded(job);

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var path = work.Workspace.PathFor(fileName);
        await capture(await work.SourceAsync(job, ct), path, job, work, ct);
        await PublishAsync(job, work, path, ct);
    }

    /// <summary>Uploads the picture at <paramref name="path"/> and records it, wherever it was taken.</summary>
    public async Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct)
    {
        var key = keyOf(job.Id);
        await work.Storage.UploadFileAsync(key, path, "image/jpeg", ct);
        await work.RecordAsync(recorded(job, key), ct);
    }

    private static StoryboardReady StoryboardRecorded(TranscodeJob job, string key)
    {
        var plan = StoryboardCapture.Plan(job.Source!);
        return new StoryboardReady(job.Id, key, plan.IntervalSeconds, plan.Count, plan.Columns, plan.TileWidth, plan.TileHeight);
    }
}
