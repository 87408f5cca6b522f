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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var raw = await work.RawAsync(job, ct);
        var located = clock.Elapsed;
        SourceMedia source;
        try
        {
            source = await MediaProbe.ProbeAsync(raw, work.Options, ct);
        }
        catch (MediaRefusedException)
        {
            await work.ConfirmRefusalAsync(job, ct);
            throw;
        }

        JobCostCheck.Refuse(job, source, work.JobCost);
        await work.Stream.RecordAsync(RecordedSources.Inspected(job.Id, source), work.Quota.Hold(job, source.DurationSeconds), ct);
        work.Logger.LogInformation(
            "Video {VideoId} probed: {Container}, {Width}x{Height}, {Duration:0.0}s, {Codec}; read in place ({Where}), located in {LocatedMs:0} ms, probed and recorded in {ProbedMs:0} ms",
            job.Id, source.Container.Description, source.DisplayWidth, source.DisplayHeight, source.DurationSeconds, source.VideoCodec,
            raw.IsUrl ? "a URL of the store" : "the store's file", located.TotalMilliseconds, (clock.Elapsed - located).TotalMilliseconds);
    }
}
