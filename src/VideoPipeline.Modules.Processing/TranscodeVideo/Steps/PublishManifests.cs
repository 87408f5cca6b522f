using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// Every rendition is finished: the final HLS master playlist (with the measured bit rates) replaces the growing one,
/// the DASH manifest naming the same segments is written, and <see cref="StreamingReady"/> recorded. It works from
/// what is stored and recorded, so it needs nothing an earlier attempt left on its disk.
/// </summary>
internal sealed class PublishManifests : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) =>
        job.Source is not null && !job.StreamingReady && job.MissingStreamOutputs.Count == 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var outputs = LadderPlanner.Outputs(job.Source!);
        var renditions = new List<ManifestRendition>(outputs.Count);
        foreach (var output in outputs)
        {
            var done = job.StreamRenditions[output.Name];
            var playlist = await StreamPublisher.ReadStoredPlaylistAsync(work.Storage, job.Id, output.Name, ct);
            renditions.Add(new ManifestRendition(output.Name, new CmafHeader(done.Codecs, done.Width, done.Height, !output.IsAudio),
                done.PeakBitsPerSecond, done.AverageBitsPerSecond, playlist));
        }

        var video = renditions.Where(r => r.Header.IsVideo).ToList();
        var audio = renditions.FirstOrDefault(r => !r.Header.IsVideo);
        var dashKey = VideoKeys.Stream(job.Id, StreamingLayout.DashManifest);
        var masterKey = VideoKeys.Stream(job.Id, StreamingLayout.MasterPlaylist);
        await work.UploadTextAsync(dashKey, StreamManifests.Dash(video, audio), StreamingLayout.DashContentType, ct);
        await work.UploadTextAsync(masterKey, StreamManifests.HlsMaster(video, audio), StreamingLayout.PlaylistContentType, ct);
        await work.RecordAsync(new StreamingReady(job.Id, masterKey, dashKey, StreamPublisher.Playlists(job.Id, outputs)), ct);
    }
}
