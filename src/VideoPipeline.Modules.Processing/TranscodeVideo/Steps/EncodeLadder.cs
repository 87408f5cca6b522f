using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// Every CMAF rendition no earlier attempt finished, in one ffmpeg run, published as it is encoded (see
/// <see cref="StreamPublisher"/>); the thumbnail comes from the same decode when none is recorded yet.
/// </summary>
internal sealed class EncodeLadder : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.MissingStreamOutputs.Count > 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var outputs = job.MissingStreamOutputs;
        var publisher = await StreamPublisher.OpenAsync(job, work, outputs, ct);
        var thumbnail = job.HasThumbnail ? null : work.Workspace.PathFor("thumb.jpg");
        var input = await work.SourceAsync(job, ct);

        using var stopEncoding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using (var progress = new ProgressEvents(work.Stream, ct))
        {
            var encoding = StreamingLadder.RunAsync(input, work.StreamRoot, job.Source!, outputs, thumbnail, work.Options, progress, stopEncoding.Token);
            try
            {
                await publisher.FollowAsync(encoding, ct);
            }
            catch when (!encoding.IsCompleted)
            {
                // Publishing failed while ffmpeg runs: stop it (the call returns once it has exited) and report why publishing failed.
                await stopEncoding.CancelAsync();
                await Task.WhenAny(encoding);
                throw;
            }
        }

        if (thumbnail is not null && new FileInfo(thumbnail) is { Exists: true, Length: > 0 })
        {
            await CaptureThumbnail.PublishAsync(job, work, thumbnail, ct);
        }
    }
}
