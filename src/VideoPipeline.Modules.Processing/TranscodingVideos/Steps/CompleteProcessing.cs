using Microsoft.Extensions.Logging;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>Everything is there: the video is processed, once, whichever delivery of the job gets here first.</summary>
internal sealed class CompleteProcessing : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job) => job.Source is not null && !job.Completed;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        await work.Stream.CompleteOnceAsync(ct);
        work.Logger.LogInformation("Transcode of video {VideoId} completed", job.Id);
    }
}
