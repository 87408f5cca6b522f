using Microsoft.Extensions.Logging;
using VideoPipeline.Modules.Processing.JobCost;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>The guard: identify the upload, refuse what it must not be, and record what it is (<c>SourceInspected</c>) once.</summary>
internal sealed class InspectSource : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.Source is null;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var source = await MediaProbe.ProbeAsync(await work.RawAsync(job, ct), work.Options, ct);
        JobCostCheck.Refuse(job, source, work.Options.JobCost);
        await work.RecordAsync(source.Inspected(job.Id), ct);
        work.Logger.LogInformation("Video {VideoId} probed: {Container}, {Width}x{Height}, {Duration:0.0}s, {Codec}",
            job.Id, source.Container.Description, source.DisplayWidth, source.DisplayHeight, source.DurationSeconds, source.VideoCodec);
    }
}
