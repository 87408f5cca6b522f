using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// The HLS step of a transcode: uploads the packaged ladder under <c>videos/&lt;id&gt;/hls/</c> and records
/// <see cref="HlsReady"/>. When this attempt encoded only part of the ladder (a retry), the rungs of earlier attempts
/// are downloaded and the whole ladder is packaged again, so the master playlist always names every rung.
/// </summary>
internal static class HlsPublishing
{
    private const int ParallelUploads = 4;

    public static async Task PublishAsync(
        Guid videoId,
        IReadOnlyList<Rendition> ladder,
        IReadOnlyList<RenditionFile> encoded,
        TempWorkspace workspace,
        JobEvents events,
        IObjectStorage storage,
        TranscodeOptions options,
        MediaBounds bounds,
        CancellationToken ct)
    {
        if (encoded.Count < ladder.Count || !File.Exists(HlsPackager.MasterPlaylistPath(workspace.Path)))
        {
            var rungs = encoded.ToList();
            foreach (var rung in ladder.Where(r => encoded.All(e => e.Rendition.Name != r.Name)))
            {
                rungs.Add(await DownloadRungAsync(videoId, rung, workspace, storage, options, ct));
            }

            await HlsPackager.PackageAsync(workspace.Path, rungs, options, bounds, ct);
        }

        var root = Path.Combine(workspace.Path, HlsPackager.FolderName);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        // Segments first, then media playlists, the master last: whatever a playlist names is already there.
        await Parallel.ForEachAsync(
            files.Where(f => !f.EndsWith(".m3u8", StringComparison.Ordinal)),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = ct },
            async (file, token) => await storage.UploadFileAsync(VideoKeys.Hls(videoId, file), Path.Combine(root, file), "video/mp2t", token));
        foreach (var playlist in files.Where(f => f.EndsWith(".m3u8", StringComparison.Ordinal)).OrderBy(f => f == HlsPackager.MasterPlaylistName))
        {
            await storage.UploadFileAsync(VideoKeys.Hls(videoId, playlist), Path.Combine(root, playlist), "application/vnd.apple.mpegurl", ct);
        }

        var variants = ladder
            .Select(r => new HlsVariantReady(r.Name, VideoKeys.Hls(videoId, $"{r.Name}/{HlsPackager.MediaPlaylistName}")))
            .ToList();
        await events.AppendAsync(new HlsReady(videoId, VideoKeys.Hls(videoId, HlsPackager.MasterPlaylistName), variants), ct);
    }

    private static async Task<RenditionFile> DownloadRungAsync(
        Guid videoId, Rendition rung, TempWorkspace workspace, IObjectStorage storage, TranscodeOptions options, CancellationToken ct)
    {
        var path = LadderTranscoder.OutputPath(workspace.Path, rung);
        await storage.DownloadToFileAsync(VideoKeys.Rendition(videoId, rung.Name), path, expected: null, ct);
        var video = (await GuardedFfmpeg.ProbeAsync(new MediaInput(path, Container.Mp4), options.ProbeBounds, ct)).PrimaryVideoStream;
        return new RenditionFile(rung, path, video?.Width ?? rung.Width, video?.Height ?? rung.Height, new FileInfo(path).Length);
    }
}
