using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>Every rung of the ladder no earlier attempt recorded, in one ffmpeg run; each uploaded rung is recorded at once.</summary>
internal sealed class EncodeLadder : TranscodeStep
{
    public static IReadOnlyList<Rendition> Missing(TranscodeJob job) =>
        job.Source is null ? [] : LadderPlanner.Plan(job.Source).Where(r => !job.Renditions.Contains(r.Name)).ToList();

    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => Missing(job).Count > 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        IReadOnlyList<RenditionFile> encoded;
        await using (var progress = new ProgressEvents(work.Stream, ct))
        {
            encoded = await LadderTranscoder.TranscodeAsync(await work.SourceAsync(job, ct), work.Workspace.Path, job.Source!, Missing(job), work.Options, progress, ct);
        }

        foreach (var output in encoded)
        {
            var key = VideoKeys.Rendition(job.Id, output.Rendition.Name);
            await work.Storage.UploadFileAsync(key, output.Path, "video/mp4", ct);
            await work.RecordAsync(new RenditionReady(job.Id, output.Rendition.Name, key, output.Width, output.Height, output.SizeBytes), ct);
            work.Encoded.Add(output);
        }
    }
}
