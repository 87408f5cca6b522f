using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// Every rendition is finished: the engine replaces the growing HLS master playlist with the final one and writes the
/// DASH manifest (<see cref="FinalManifests"/>), and <see cref="StreamingReady"/> is recorded. It works from what is
/// stored and recorded, so it needs nothing an earlier attempt left on its disk.
/// </summary>
internal sealed class PublishManifests : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job) =>
        job.Source is not null && !job.StreamingReady && job.MissingStreamOutputs.Count == 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var finished = job.StreamRenditions.ToDictionary(r => r.Key, r => VideoStreamDestination.Finished(r.Value), StringComparer.Ordinal);
        await FinalManifests.PublishAsync(job.Source!, finished, new VideoStreamDestination(work, job.Source!), ct);
        await work.RecordAsync(new StreamingReady(
            job.Id, VideoKeys.Stream(job.Id, CmafLayout.MasterPlaylist), VideoKeys.Stream(job.Id, CmafLayout.DashManifest),
            VideoStreamDestination.Playlists(job.Id, job.Source!)), ct);
    }
}
