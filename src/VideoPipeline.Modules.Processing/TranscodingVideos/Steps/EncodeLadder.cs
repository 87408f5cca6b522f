using Microsoft.Extensions.Logging;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// Every CMAF rendition no earlier attempt finished, in one ffmpeg run, published as it is encoded (the engine's
/// <see cref="StreamPublisher"/>); the thumbnail and the storyboard come from the same decode when they are not recorded yet.
/// </summary>
internal sealed class EncodeLadder : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job) => job.MissingStreamOutputs.Count > 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var thumbnail = job.HasThumbnail ? null : work.Workspace.PathFor("thumb.jpg");
        var storyboard = job.HasStoryboard ? null : work.Workspace.PathFor("storyboard.jpg");
        var input = await work.SourceAsync(job, ct);
        work.Logger.LogInformation("Video {VideoId}: encoding {Outputs}", job.Id, string.Join(", ", job.MissingStreamOutputs.Select(o => o.Name)));
        await using (var progress = new ProgressEvents(work.Stream, ct))
        {
            await StreamPublisher.EncodeAsync(
                new StreamEncoding(
                    input, job.Source!, job.MissingStreamOutputs,
                    job.StreamRenditions.ToDictionary(r => r.Key, r => VideoStreamDestination.Finished(r.Value), StringComparer.Ordinal),
                    job.StreamingStarted, work.StreamRoot, new VideoStreamDestination(work, job.Source!), work.Options, work.Bounds(job),
                    thumbnail, storyboard, progress, Clock: work.Clock),
                ct);
        }

        // A picture the decode did not give (the video has none where it is taken) is left to its own step.
        if (thumbnail is not null && new FileInfo(thumbnail) is { Exists: true, Length: > 0 })
        {
            await CapturePicture.Thumbnail.PublishAsync(job, work, thumbnail, ct);
        }

        if (storyboard is not null && new FileInfo(storyboard) is { Exists: true, Length: > 0 })
        {
            await CapturePicture.Storyboard.PublishAsync(job, work, storyboard, ct);
        }
    }
}
