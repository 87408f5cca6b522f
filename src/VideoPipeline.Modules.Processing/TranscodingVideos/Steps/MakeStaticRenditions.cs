using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// The MP4 downloads (the 480p one every video gets, and those the upload asked for), each made by the engine by stream
/// copy from its rung's CMAF and the audio's (<see cref="StaticMp4"/>): from this attempt's files when it encoded them,
/// otherwise from the stored segments.
/// </summary>
internal sealed class MakeStaticRenditions : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job) =>
        job.MissingStaticRenditions.Count > 0 && job.MissingStreamOutputs.Count == 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var destination = new VideoStreamDestination(work, job.Source!);
        foreach (var rung in job.MissingStaticRenditions)
        {
            var path = work.Workspace.PathFor($"{rung.Name}.mp4");
            await StaticMp4.MakeAsync(job.Source!, rung, work.StreamRoot, destination, path, work.Bounds(job), ct);
            var key = VideoKeys.Rendition(job.Id, rung.Name);
            await work.Storage.UploadFileAsync(key, path, "video/mp4", ct);
            var done = job.StreamRenditions[rung.Name];
            await work.RecordAsync(new RenditionReady(job.Id, rung.Name, key, done.Width, done.Height, new FileInfo(path).Length), ct);
        }
    }
}
