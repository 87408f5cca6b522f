namespace VideoPipeline.Contracts;

// The lifecycle of one video, event-sourced in one Marten stream whose id is the video id.
// Every module projects what it needs from these; they are the only shape modules share.

public sealed record UploadRequested(
    Guid VideoId,
    string OwnerId,
    string Title,
    string RawKey,
    string ContentType,
    long? DeclaredSizeBytes,
    DateTimeOffset UploadUrlExpiresAt,
    string? MultipartUploadId = null);

/// <param name="ETag">The stored object's ETag when completion sealed it: processing reads exactly that version.</param>
public sealed record UploadCompleted(Guid VideoId, string RawKey, long SizeBytes, string ReportedBy, string? ETag = null);

/// <summary>The object landed but breaks the upload's terms (over the size limit, or not the size declared): it is never processed.</summary>
public sealed record UploadRejected(Guid VideoId, long SizeBytes, string Reason);

/// <summary>The upload URL expired long ago and nothing was ever uploaded.</summary>
public sealed record UploadExpired(Guid VideoId);

/// <param name="Node">The node that took this attempt (<c>VideoPipeline:NodeName</c>); null in streams recorded before nodes were named.</param>
public sealed record ProcessingStarted(Guid VideoId, int Attempt, string? Node = null);

public sealed record ProcessingProgressed(Guid VideoId, double Percent);

/// <summary>
/// The upload passed the guard: identified as an accepted container (<paramref name="Container"/>, the ffmpeg demuxer
/// forced on every later run), within the limits, and decodable. Later steps and retries take it from here without
/// probing again.
/// </summary>
public sealed record SourceInspected(
    Guid VideoId,
    string Container,
    double DurationSeconds,
    int DisplayWidth,
    int DisplayHeight,
    int VideoStreamIndex,
    string VideoCodec,
    string PixelFormat,
    int BitDepth,
    double FrameRate,
    bool IsInterlaced,
    bool HasAudio,
    string? AudioCodec);

/// <summary>
/// Fast path: the source was already browser-playable and is now playable as it is (remuxed, not re-encoded),
/// before any rendition of the ladder is ready.
/// </summary>
public sealed record OriginalReady(Guid VideoId, string Key, int Width, int Height, long SizeBytes);

public sealed record RenditionReady(Guid VideoId, string Resolution, string Key, int Width, int Height, long SizeBytes);

public sealed record ThumbnailReady(Guid VideoId, string Key);

public sealed record ProcessingCompleted(Guid VideoId);

/// <summary>
/// One processing attempt failed. <paramref name="WillRetry"/> is false when this was the last attempt
/// (retries exhausted, or a deterministic failure such as "not a video"): the video is then failed.
/// </summary>
/// <param name="DeadLetterId">When retries are exhausted: the envelope the queue keeps in its dead-letter store.</param>
public sealed record ProcessingAttemptFailed(Guid VideoId, int Attempt, string Error, bool WillRetry, Guid? DeadLetterId = null);

/// <summary>The owner asked for a failed video to be processed again; only what is missing is redone.</summary>
public sealed record ProcessingRetryRequested(Guid VideoId, string RequestedBy);

/// <summary>
/// Every rung of the ladder is packaged as HLS under <c>videos/&lt;id&gt;/hls/</c>: a master playlist naming one
/// media playlist per rung, each with its MPEG-TS segments next to it.
/// </summary>
public sealed record HlsReady(Guid VideoId, string MasterKey, IReadOnlyList<HlsVariantReady> Variants);

public sealed record HlsVariantReady(string Resolution, string PlaylistKey);
