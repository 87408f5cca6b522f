namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Large uploads in parts, the S3 way: start, let the client PUT each part to its presigned URL, complete with the
/// parts' ETags (or abort). Both stores implement it.
/// </summary>
public interface IMultipartUploads
{
    /// <summary>Starts a multipart upload of <paramref name="key"/>; returns its upload id.</summary>
    Task<string> StartAsync(string key, string contentType, CancellationToken ct);

    /// <summary>
    /// The URL the client PUTs part <paramref name="partNumber"/> (1-based) to, of at most <paramref name="maxBytes"/> where
    /// the store can enforce it; its answer's ETag header names the part.
    /// </summary>
    Uri PresignPart(string key, string uploadId, int partNumber, long maxBytes, DateTimeOffset expiresAt);

    /// <summary>Joins the parts into the object; throws <see cref="InvalidMultipartUploadException"/> for unknown uploads or parts.</summary>
    Task CompleteAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken ct);

    /// <summary>Throws the parts away; an upload that no longer exists is not an error.</summary>
    Task AbortAsync(string key, string uploadId, CancellationToken ct);
}

public sealed record UploadedPart(int PartNumber, string ETag);

/// <summary>The upload id or the parts given do not match what was uploaded: the client's mistake, not worth retrying.</summary>
public sealed class InvalidMultipartUploadException(string message, Exception? inner = null) : Exception(message, inner);
