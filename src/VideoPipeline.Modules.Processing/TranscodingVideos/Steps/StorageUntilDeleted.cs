using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// The store as a job's steps see it: every upload is preceded by a look at whether the video was deleted, so a job
/// writes nothing once it could know. What lands in the gap between that look and a deletion is purged again when the
/// job finds the deletion at its next record.
/// </summary>
internal sealed class StorageUntilDeleted(IObjectStorage store, JobStream stream) : IObjectStorage
{
    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null) =>
        store.PresignPut(key, contentType, expiresAt, maxBytes);

    public Uri PresignGet(string key, DateTimeOffset expiresAt) => store.PresignGet(key, expiresAt);

    public Task<ObjectHead?> HeadAsync(string key, CancellationToken ct) => store.HeadAsync(key, ct);

    public Task<ObjectHead?> SealAsync(string key, CancellationToken ct) => store.SealAsync(key, ct);

    public Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct) => store.DownloadToFileAsync(key, path, expected, ct);

    public Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct) =>
        store.LocateAsync(key, expected, expiresAt, ct);

    public Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct) => store.ReadAllBytesAsync(key, ct);

    public async Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct)
    {
        await stream.ThrowIfDeletedAsync(ct);
        try
        {
            await store.UploadFileAsync(key, path, contentType, ct);
        }
        catch (ObjectGoneException)
        {
            // Deleted between the look and the write (a store that refuses writes to a deleted video says so): the job stops as deleted.
            await stream.ThrowIfDeletedAsync(ct);
            throw;
        }
    }

    public Task<int> DeleteAllAsync(string prefix, CancellationToken ct) => store.DeleteAllAsync(prefix, ct);
}
