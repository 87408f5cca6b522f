using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Signing;

/// <summary>Media served straight from storage: S3 presigned GETs, or the embedded store's signed <c>/storage</c> URLs.</summary>
internal sealed class StoragePresignedUrls(IObjectStorage storage) : IMediaUrlSigner
{
    public Uri Sign(string key, DateTimeOffset expiresAt) => storage.PresignGet(key, expiresAt);
}
