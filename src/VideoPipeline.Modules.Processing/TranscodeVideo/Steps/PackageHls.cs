using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// Packages the whole ladder as HLS under <c>videos/&lt;id&gt;/hls/</c> and records <c>HlsReady</c>. Rungs encoded by an
/// earlier attempt are downloaded again, so the master playlist always names every rung.
/// </summary>
internal sealed class PackageHls : TranscodeStep
{
    private const int ParallelUploads = 4;

    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => options.EnableHls && job.Source is not null && !job.HasHls;

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var ladder = LadderPlanner.Plan(job.Source!);
        var rungs = new List<RenditionFile>(ladder.Count);
        foreach (var rung in ladder)
        {
            rungs.Add(work.Encoded.FirstOrDefault(e => e.Rendition.Name == rung.Name) ?? await DownloadRungAsync(job, rung, work, ct));
        }

        await HlsPackager.PackageAsync(work.Workspace.Path, rungs, work.Options, work.Bounds(job), ct);

        var root = Path.Combine(work.Workspace.Path, HlsLayout.Folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        // Segments first, then media playlists, the master last: whatever a playlist names is already there.
        await Parallel.ForEachAsync(
            files.Where(f => !f.EndsWith(".m3u8", StringComparison.Ordinal)),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = ct },
            async (file, token) => await work.Storage.UploadFileAsync(VideoKeys.Hls(job.Id, file), Path.Combine(root, file), HlsLayout.SegmentContentType, token));
        foreach (var playlist in files.Where(f => f.EndsWith(".m3u8", StringComparison.Ordinal)).OrderBy(f => f == HlsLayout.MasterPlaylist))
        {
            await work.Storage.UploadFileAsync(VideoKeys.Hls(job.Id, playlist), Path.Combine(root, playlist), HlsLayout.PlaylistContentType, ct);
        }

        var variants = ladder
            .Select(r => new HlsVariantReady(r.Name, VideoKeys.Hls(job.Id, $"{r.Name}/{HlsLayout.MediaPlaylist}")))
            .ToList();
        await work.RecordAsync(new HlsReady(job.Id, VideoKeys.Hls(job.Id, HlsLayout.MasterPlaylist), variants), ct);
    }

    private static async Task<RenditionFile> DownloadRungAsync(TranscodeJob job, Rendition rung, TranscodeWork work, CancellationToken ct)
    {
        var path = LadderTranscoder.OutputPath(work.Workspace.Path, rung);
        await work.Storage.DownloadToFileAsync(VideoKeys.Rendition(job.Id, rung.Name), path, expected: null, ct);
        var video = (await GuardedFfmpeg.ProbeAsync(new MediaInput(path, Container.Mp4), work.Options.ProbeBounds, ct)).PrimaryVideoStream;
        return new RenditionFile(rung, path, video?.Width ?? rung.Width, video?.Height ?? rung.Height, new FileInfo(path).Length);
    }
}
