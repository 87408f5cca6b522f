using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// Every CMAF rendition no earlier attempt finished, in one ffmpeg run, published as it is encoded (see
/// <see cref="StreamPublisher"/>); the thumbnail and the storyboard come from the same decode when they are not recorded yet.
/// </summary>
internal sealed class EncodeLadder : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.MissingStreamOutputs.Count > 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var outputs = job.MissingStreamOutputs;
        var publisher = await StreamPublisher.OpenAsync(job, work, outputs, ct);
        var thumbnail = job.HasThumbnail ? null : ThumbnailCapture.Output(job.Source!, work.Workspace.PathFor("thumb.jpg"));
        var storyboard = job.HasStoryboard ? null : StoryboardCapture.Output(StoryboardCapture.Plan(job.Source!), work.Workspace.PathFor("storyboard.jpg"));
        PictureOutput[] pictures = [.. new[] { thumbnail, storyboard }.OfType<PictureOutput>()];
        var input = await work.SourceAsync(job, ct);

        using var stopEncoding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using (var progress = new ProgressEvents(work.Stream, ct))
        {
            var encoding = StreamingLadder.RunAsync(input, work.StreamRoot, job.Source!, outputs, pictures, work.Options, progress, stopEncoding.Token);
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

        // A picture the decode did not give (the video has none where it is taken) is left to its own step.
        if (thumbnail is not null && new FileInfo(thumbnail.Path) is { Exists: true, Length: > 0 })
        {
            await CapturePicture.Thumbnail.PublishAsync(job, work, thumbnail.Path, ct);
        }

        if (storyboard is not null && new FileInfo(storyboard.Path) is { Exists: true, Length: > 0 })
        {
            await CapturePicture.Storyboard.PublishAsync(job, work, storyboard.Path, ct);
        }
    }
}
