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

    /// <summary>
    /// Seals the object as it is now and answers its head (null when there is none): from then on processing reads
    /// exactly these bytes. The embedded store refuses any later write to the key; S3 cannot refuse writes to a
    /// presigned key, so there the answered ETag and size pin every later download instead.
    /// </summary>
    Task<ObjectHead?> SealAsync(string key, CancellationToken ct);

    /// <summary>
    /// Downloads the object into <paramref name="path"/>. With <paramref name="expected"/>, only that version:
    /// throws <see cref="ObjectChangedException"/> when the object's ETag or size differ from it.
    /// </summary>
    Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct);

    /// <summary>
    /// Where a reader that seeks (ffprobe, ffmpeg) can read the object in place instead of a downloaded copy: the embedded
    /// store's own file, or a GET URL of S3 valid until <paramref name="expiresAt"/>, for the service's own use (the endpoint
    /// the service talks to). With <paramref name="expected"/>, only that version: throws <see cref="ObjectChangedException"/>
    /// when the object is another one now, and the URL's reads name the version (<see cref="ObjectLocation.IfMatch"/>).
    /// Throws <see cref="ObjectNotFoundException"/> when there is none.
    /// </summary>
    Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>The whole content of a small object (a playlist); throws <see cref="ObjectNotFoundException"/> when there is none.</summary>
    Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct);

    Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct);

    /// <summary>Removes every object whose key starts with <paramref name="prefix"/> (a folder: it ends with '/'); answers how many there were.</summary>
    Task<int> DeleteAllAsync(string prefix, CancellationToken ct);
}

public sealed record PresignedRequest(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers);

public sealed record ObjectHead(string Key, long Size, string? ContentType, string? ETag)
{
    /// <summary>The version to pin later downloads to.</summary>
    public ObjectVersion Version => new(ETag ?? "", Size);
}

/// <summary>
/// Where an object can be read in place: a file of this machine (<paramref name="IsUrl"/> false) or a URL to GET with
/// range requests, sending <paramref name="IfMatch"/> (the ETag it must still have) when there is one.
/// </summary>
public sealed record ObjectLocation(string Path, bool IsUrl, long Size, string? IfMatch = null);

/// <summary>One version of an object, as a store's ETag and the size in bytes.</summary>
public sealed record ObjectVersion(string ETag, long Size);

/// <summary>The object is no longer the version that was verified (it was replaced after completion): not worth retrying.</summary>
public sealed class ObjectChangedException(string key, ObjectVersion expected, string found)
    : Exception($"The object '{key}' changed after it was verified (it was {expected.Size} bytes with ETag {expected.ETag}; now {found}).")
{
    public string Key { get; } = key;
}

/// <summary>The object was sealed (its upload completed) and can no longer be written.</summary>
public sealed class ObjectSealedException(string key) : Exception($"The object '{key}' was completed and can no longer be replaced.")
{
    public string Key { get; } = key;
}

/// <summary>The object's folder was deleted (its video was): nothing more is stored under it, and what was being written is discarded.</summary>
public sealed class ObjectGoneException(string key) : Exception($"'{key}' belongs to something that was deleted; nothing more is stored there.")
{
    public string Key { get; } = key;
}

/// <summary>Storage could not be reached or answered with an error: worth retrying.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>More bytes were sent than the upload URL allows.</summary>
public sealed class ObjectTooLargeException(long maxBytes) : Exception($"The upload is larger than the {maxBytes} bytes this URL allows.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// The object's bytes do not match the checksum it was stored with: reading it again gives the same bytes, so this is
/// not worth retrying. S3 never keeps a PUT cut off half-way, but S3-compatible stores may.
/// </summary>
public sealed class ObjectCorruptException(string key, Exception inner) : Exception($"The object '{key}' does not match the checksum it was stored with.", inner)
{
    public string Key { get; } = key;
}

/// <summary>The object does not exist.</summary>
public sealed class ObjectNotFoundException(string key) : Exception($"No object exists at '{key}'.")
{
    public string Key { get; } = key;
}
