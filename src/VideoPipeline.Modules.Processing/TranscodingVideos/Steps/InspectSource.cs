using Microsoft.Extensions.Logging;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Processing.JobCost;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// The guard: identify the upload, refuse what it must not be, and record what it is (<c>SourceInspected</c>) once, with
/// the owner's encoding minutes held for it in the same commit (<see cref="EncodingQuota"/>).
/// </summary>
internal sealed class InspectSource : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job) => job.Source is null;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var source = await MediaProbe.ProbeAsync(await work.RawAsync(job, ct), work.Options, ct);
        JobCostCheck.Refuse(job, source, work.JobCost);
        await work.Stream.RecordAsync(RecordedSources.Inspected(job.Id, source), work.Quota.Hold(job, source.DurationSeconds), ct);
        work.Logger.LogInformation("Video {VideoId} probed: {Container}, {Width}x{Height}, {Duration:0.0}s, {Codec}",
            job.Id, source.Container.Description, source.DisplayWidth, source.DisplayHeight, source.DurationSeconds, source.VideoCodec);
    }
}
