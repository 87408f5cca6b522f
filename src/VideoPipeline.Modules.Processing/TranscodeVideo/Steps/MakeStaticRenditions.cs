using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// The MP4 downloads (the 480p one every video gets, and those the upload asked for), each made by stream copy from its
/// rung's CMAF and the audio's: from this attempt's files when it encoded them, otherwise from the stored segments.
/// </summary>
internal sealed class MakeStaticRenditions : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) =>
        job.MissingStaticRenditions.Count > 0 && job.MissingStreamOutputs.Count == 0;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var audio = job.Source!.HasAudio ? await TrackAsync(job, work, StreamOutput.Audio, ct) : null;
        foreach (var rung in job.MissingStaticRenditions)
        {
            var video = await TrackAsync(job, work, StreamOutput.Video(rung), ct);
            var path = work.Workspace.PathFor($"{rung.Name}.mp4");
            await StaticMp4.WriteAsync(video, audio, path, Path.Combine(work.Workspace.Path, "static-" + rung.Name), work.Bounds(job), ct);
            var key = VideoKeys.Rendition(job.Id, rung.Name);
            await work.Storage.UploadFileAsync(key, path, "video/mp4", ct);
            var done = job.StreamRenditions[rung.Name];
            await work.RecordAsync(new RenditionReady(job.Id, rung.Name, key, done.Width, done.Height, new FileInfo(path).Length), ct);
        }
    }

    /// <summary>A rendition's CMAF on this disk: ffmpeg's own files when this attempt encoded it, else the stored ones, downloaded.</summary>
    private static async Task<CmafTrack> TrackAsync(TranscodeJob job, TranscodeWork work, StreamOutput output, CancellationToken ct)
    {
        var folder = output.FolderUnder(work.StreamRoot);
        var local = output.LocalPlaylistUnder(work.StreamRoot);
        if (File.Exists(local) && MediaPlaylist.Parse(await File.ReadAllTextAsync(local, ct)) is { Ended: true } encoded)
        {
            return new CmafTrack(Path.Combine(folder, StreamingLayout.InitSegment), encoded.Segments.Select(s => Path.Combine(folder, s.Uri)).ToList());
        }

        var stored = await StreamPublisher.ReadStoredPlaylistAsync(work.Storage, job.Id, output.Name, ct);
        Directory.CreateDirectory(folder);
        var files = new List<string>(stored.Segments.Count + 1);
        foreach (var file in stored.Segments.Select(s => s.Uri).Prepend(StreamingLayout.InitSegment))
        {
            var path = Path.Combine(folder, file);
            await work.Storage.DownloadToFileAsync(VideoKeys.Stream(job.Id, $"{output.Name}/{file}"), path, expected: null, ct);
            files.Add(path);
        }

        return new CmafTrack(files[0], files[1..]);
    }
}
