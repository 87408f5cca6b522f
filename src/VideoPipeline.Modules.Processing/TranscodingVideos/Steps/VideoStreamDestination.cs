using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// The engine's destination for a video: its CMAF folder in storage (<see cref="VideoKeys.Stream"/>), written only while
/// the video is not deleted, and what the engine finishes recorded on the video's stream.
/// </summary>
internal sealed class VideoStreamDestination(TranscodeWork work, SourceMedia source) : IStreamDestination
{
    private Guid VideoId => work.VideoId;

    public Task StoreFileAsync(string path, string localFile, string contentType, CancellationToken ct) =>
        work.Storage.UploadFileAsync(VideoKeys.Stream(VideoId, path), localFile, contentType, ct);

    /// <summary>A stored playlist is announced to every node: requests blocked until it grows read it again.</summary>
    public async Task StoreTextAsync(string path, string text, string contentType, CancellationToken ct)
    {
        var key = VideoKeys.Stream(VideoId, path);
        await work.UploadTextAsync(key, text, contentType, ct);
        if (contentType == CmafLayout.PlaylistContentType)
        {
            await work.Playlists.AnnounceAsync(key, ct);
        }
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken ct)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(await work.Storage.ReadAllBytesAsync(VideoKeys.Stream(VideoId, path), ct));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A playlist that does not match the checksum it was stored with (a store that kept the PUT a crash cut off) is not carried on from.</summary>
    public async Task<string?> ReadToResumeAsync(string path, CancellationToken ct)
    {
        try
        {
            return await ReadTextAsync(path, ct);
        }
        catch (ObjectCorruptException corrupt)
        {
            work.Logger.LogWarning(corrupt, "The stored {Path} of video {VideoId} is corrupt; publishing its rendition again from its start", path, VideoId);
            return null;
        }
    }

    public async Task<long> SizeOfAsync(string path, CancellationToken ct)
    {
        var key = VideoKeys.Stream(VideoId, path);
        return (await work.Storage.HeadAsync(key, ct))?.Size
            ?? throw new StorageUnavailableException($"The published segment '{key}' is missing from storage.");
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct) =>
        work.Storage.DeleteAllAsync(VideoKeys.Stream(VideoId, folder) + "/", ct);

    public Task DownloadAsync(string path, string localFile, CancellationToken ct) =>
        work.Storage.DownloadToFileAsync(VideoKeys.Stream(VideoId, path), localFile, expected: null, ct);

    public async Task StreamingStartedAsync(string masterPlaylist, CancellationToken ct)
    {
        await work.RecordAsync(new StreamingStarted(VideoId, VideoKeys.Stream(VideoId, masterPlaylist), Playlists(VideoId, source)), ct);
        work.Logger.LogInformation("Video {VideoId} plays while it encodes: its first rung's first part is stored", VideoId);
    }

    public Task RenditionFinishedAsync(FinishedRendition rendition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        return work.RecordAsync(new StreamRenditionReady(
            VideoId, rendition.Name, VideoKeys.Stream(VideoId, rendition.Playlist), rendition.Width, rendition.Height, rendition.Bytes,
            rendition.PeakBitsPerSecond, rendition.AverageBitsPerSecond, rendition.Codecs), ct);
    }

    /// <summary>Every rendition's stored media playlist, as the playback side looks them up.</summary>
    public static IReadOnlyList<StreamPlaylist> Playlists(Guid videoId, SourceMedia source) =>
        LadderPlanner.Outputs(source)
            .Select(o => new StreamPlaylist(o.Name, VideoKeys.Stream(videoId, CmafLayout.RenditionFile(o.Name, CmafLayout.MediaPlaylist))))
            .ToList();

    /// <summary>A rendition as the engine knows it was finished, from its record.</summary>
    public static FinishedRendition Finished(StreamRenditionReady done)
    {
        ArgumentNullException.ThrowIfNull(done);
        return new FinishedRendition(done.Rendition, CmafLayout.RenditionFile(done.Rendition, CmafLayout.MediaPlaylist), done.Width, done.Height,
            done.SizeBytes, done.PeakBitsPerSecond, done.AverageBitsPerSecond, done.Codecs);
    }
}
