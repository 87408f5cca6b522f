namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// The one storage seam of the service: S3 (any S3 endpoint) or the embedded filesystem store.
/// Keys are relative object keys such as <c>videos/{id}/raw.mp4</c>.
/// </summary>
public interface IObjectStorage
{
    /// <summary>
    /// A URL the client PUTs the bytes to, valid until <paramref name="expiresAt"/>, for exactly that Content-Type and,
    /// where the store can enforce it, at most <paramref name="maxBytes"/> bytes.
    /// </summary>
    PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null);

    /// <summary>A URL anyone holding it may GET until <paramref name="expiresAt"/>.</summary>
    Uri PresignGet(string key, DateTimeOffset expiresAt);

    /// <summary>Metadata of the object, or null when there is none.</summary>
    Task<ObjectHead?> HeadAsync(string key, CancellationToken ct);

    Task DownloadToFileAsync(string key, string path, CancellationToken ct);

    /// <summary>The whole content of a small object (a playlist); throws <see cref="ObjectNotFoundException"/> when there is none.</summary>
    Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct);

    Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);
}

public sealed record PresignedRequest(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers);

public sealed record ObjectHead(string Key, long Size, string? ContentType, string? ETag);

/// <summary>Storage could not be reached or answered with an error: worth retrying.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>More bytes were sent than the upload URL allows.</summary>
public sealed class ObjectTooLargeException(long maxBytes) : Exception($"The upload is larger than the {maxBytes} bytes this URL allows.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The object does not exist.</summary>
public sealed class ObjectNotFoundException(string key) : Exception($"No object exists at '{key}'.")
{
    public string Key { get; } = key;
}
