using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Live.Ingesting;

/// <summary>
/// The engine's destination for a broadcast's recording: the video's CMAF folder in storage. When the ladder first plays,
/// the video records <see cref="StreamingStarted"/> naming each rendition's sliding live playlist and the dynamic DASH
/// manifest, which its playback routes serve until the recording is finished.
/// </summary>
internal sealed class RecordingDestination(
    Guid videoId, IObjectStorage storage, IDocumentStore store, PlaylistChanges playlists, SourceMedia source, string workFolder) : IStreamDestination
{
    public Task StoreFileAsync(string path, string localFile, string contentType, CancellationToken ct) =>
        storage.UploadFileAsync(VideoKeys.Stream(videoId, path), localFile, contentType, ct);

    /// <summary>A stored playlist is announced to every node: blocking reloads and hinted parts held until it grows read it again.</summary>
    public async Task StoreTextAsync(string path, string text, string contentType, CancellationToken ct)
    {
        var key = VideoKeys.Stream(videoId, path);
        var local = Path.Combine(workFolder, $"{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(local, text, ct);
        try
        {
            await storage.UploadFileAsync(key, local, contentType, ct);
        }
        finally
        {
            File.Delete(local);
        }

        if (contentType == CmafLayout.PlaylistContentType)
        {
            await playlists.AnnounceAsync(key, ct);
        }
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken ct)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(VideoKeys.Stream(videoId, path), ct));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// A reconnect carries on from what the broadcast published; a corrupt growing playlist is an error here, not a restart
    /// (it would reuse segment names). A live playlist a lost node's store cut off is read as none: only its segments'
    /// times are read from it, and without them the live window starts at the new connection.
    /// </summary>
    public async Task<string?> ReadToResumeAsync(string path, CancellationToken ct)
    {
        try
        {
            return await ReadTextAsync(path, ct);
        }
        catch (ObjectCorruptException) when (Path.GetFileName(path) == CmafLayout.LivePlaylist)
        {
            return null;
        }
    }

    public async Task<long> SizeOfAsync(string path, CancellationToken ct)
    {
        var key = VideoKeys.Stream(videoId, path);
        return (await storage.HeadAsync(key, ct))?.Size ?? throw new StorageUnavailableException($"The published segment '{key}' is missing from storage.");
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct) =>
        storage.DeleteAllAsync(VideoKeys.Stream(videoId, folder) + "/", ct);

    public Task DownloadAsync(string path, string localFile, CancellationToken ct) =>
        storage.DownloadToFileAsync(VideoKeys.Stream(videoId, path), localFile, expected: null, ct);

    public async Task StreamingStartedAsync(string masterPlaylist, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(videoId, new StreamingStarted(
            videoId, VideoKeys.Stream(videoId, masterPlaylist), Playlists(CmafLayout.LivePlaylist), VideoKeys.Stream(videoId, CmafLayout.LiveDashManifest)));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Not called for a live run: its renditions stay open until <see cref="LiveRecording"/> finishes them.</summary>
    public Task RenditionFinishedAsync(FinishedRendition rendition, CancellationToken ct) =>
        throw new NotSupportedException("A live recording's renditions are finished by LiveRecording once the broadcast ends.");

    /// <summary>Every rendition's stored playlist of the given name (the live one while broadcasting, the whole one once finished).</summary>
    public IReadOnlyList<StreamPlaylist> Playlists(string fileName) =>
        LadderPlanner.Outputs(source).Select(o => new StreamPlaylist(o.Name, VideoKeys.Stream(videoId, CmafLayout.RenditionFile(o.Name, fileName)))).ToList();
}
