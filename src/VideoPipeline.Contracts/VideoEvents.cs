namespace VideoPipeline.Contracts;

// The lifecycle of one video, event-sourced in one Marten stream whose id is the video id.
// Every module projects what it needs from these; they are the only shape modules share.

/// <param name="Passthrough">The integrator's own reference (at most 255 characters), returned as it was given.</param>
/// <param name="Metadata">The integrator's own key-value pairs (bounded as <c>VideoDetailsRules</c> says).</param>
/// <param name="SourceUrl">
/// For a video the service downloads itself (<c>POST /videos/from-url</c>): where from, redacted (no user-info, the query
/// replaced by <c>?…</c>), as it may hold a credential. The full URL is only in the durable message that downloads it.
/// </param>
/// <param name="StaticRenditions">MP4 downloads asked for beyond the default one (the 480p rung), by rung name ("1080p").</param>
/// <param name="MaxSizeBytes">
/// The most the upload may store: the size declared, or what was left of the owner's storage quota when it was asked for
/// (held for it until it lands). Null in streams recorded before quotas, and for a URL ingest (held as it downloads).
/// </param>
public sealed record UploadRequested(
    Guid VideoId,
    string OwnerId,
    string Title,
    string RawKey,
    string ContentType,
    long? DeclaredSizeBytes,
    DateTimeOffset UploadUrlExpiresAt,
    string? MultipartUploadId = null,
    string? Passthrough = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    Uri? SourceUrl = null,
    IReadOnlyList<string>? StaticRenditions = null,
    long? MaxSizeBytes = null);

/// <param name="ETag">The stored object's ETag when completion sealed it: processing reads exactly that version.</param>
/// <param name="OwnerId">Whose upload it is, for the transcode admitted in the same commit; null in events recorded before it was carried.</param>
public sealed record UploadCompleted(Guid VideoId, string RawKey, long SizeBytes, string ReportedBy, string? ETag = null, string? OwnerId = null);

/// <summary>The object landed but breaks the upload's terms (over the size limit, or not the size declared): it is never processed.</summary>
public sealed record UploadRejected(Guid VideoId, long SizeBytes, string Reason);

/// <summary>The upload URL expired long ago and nothing was ever uploaded.</summary>
public sealed record UploadExpired(Guid VideoId);

/// <summary>The file at a video's source URL could not be ingested, for good (not there, too large, not reachable): the video is failed.</summary>
public sealed record UrlIngestFailed(Guid VideoId, string Reason);

/// <summary>The owner changed the video's title, passthrough or metadata; the event holds all three as they now are.</summary>
public sealed record VideoDetailsEdited(Guid VideoId, string Title, string? Passthrough, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The video was deleted: from now on it is not found, nothing more is made of it, and every stored object under its
/// folder is removed (<see cref="PurgeVideoObjects"/>). The stream itself is kept for audit.
/// </summary>
public sealed record VideoDeleted(Guid VideoId, string DeletedBy);

/// <summary>What was left of a deleted video in storage was removed: this many objects, and its unfinished multipart upload if it had one.</summary>
public sealed record VideoObjectsPurged(Guid VideoId, int ObjectsDeleted);

/// <param name="Node">The node that took this attempt (<c>VideoPipeline:NodeName</c>); null in streams recorded before nodes were named.</param>
public sealed record ProcessingStarted(Guid VideoId, int Attempt, string? Node = null);

public sealed record ProcessingProgressed(Guid VideoId, double Percent);

/// <summary>
/// The upload passed the guard: identified as an accepted container (<paramref name="Container"/>, the ffmpeg demuxer
/// forced on every later run), within the limits, and decodable. Later steps and retries take it from here without
/// probing again.
/// </summary>
/// <param name="LadderTop">
/// The short side the ladder stops at when it is capped below the source (a live input's real-time ladder); null: every
/// rung that does not upscale.
/// </param>
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
    string? AudioCodec,
    int? LadderTop = null);

/// <summary>An MP4 rendition is stored (H.264 + AAC, index first): the seed's <c>480p.mp4</c>, or a download asked for at the upload.</summary>
public sealed record RenditionReady(Guid VideoId, string Resolution, string Key, int Width, int Height, long SizeBytes);

/// <summary>
/// The first segments of every rendition of the ladder are published under growing HLS playlists (an <c>EVENT</c>
/// playlist per rendition, named by <paramref name="HlsMasterKey"/>): the video plays from now on, while it is still
/// being encoded, and a player started now plays to the end. A live broadcast's recording also names its dynamic DASH
/// manifest (<paramref name="DashManifestKey"/>, replaced by the static one when the recording is finished).
/// </summary>
public sealed record StreamingStarted(Guid VideoId, string HlsMasterKey, IReadOnlyList<StreamPlaylist> Playlists, string? DashManifestKey = null);

/// <summary>A rendition's stored media playlist: a video rung ("720p") or the audio-only rendition ("audio").</summary>
public sealed record StreamPlaylist(string Rendition, string Key);

/// <summary>
/// One rendition of the ladder is complete as CMAF: every segment and its finished media playlist are stored. The bit
/// rates are measured from the segments: the peak over any run of segments between half and one and a half target
/// durations long (HLS's peak segment bit rate), and the average over the whole rendition.
/// </summary>
/// <param name="Width">0 for the audio rendition.</param>
/// <param name="Codecs">RFC 6381 codecs string read from the rendition's header, e.g. <c>avc1.64001f</c> or <c>mp4a.40.2</c>.</param>
public sealed record StreamRenditionReady(
    Guid VideoId,
    string Rendition,
    string PlaylistKey,
    int Width,
    int Height,
    long SizeBytes,
    long PeakBitsPerSecond,
    long AverageBitsPerSecond,
    string Codecs);

/// <summary>Every rendition is complete: the final HLS master playlist and the DASH manifest (the same segments) are stored.</summary>
public sealed record StreamingReady(Guid VideoId, string HlsMasterKey, string DashManifestKey, IReadOnlyList<StreamPlaylist> Playlists);

public sealed record ThumbnailReady(Guid VideoId, string Key);

/// <summary>
/// The seek previews are stored: one sprite of <paramref name="Count"/> tiles, <paramref name="Columns"/> to a row, left
/// to right and top to bottom, tile <c>i</c> showing the picture at <c>i</c> × <paramref name="IntervalSeconds"/>.
/// </summary>
public sealed record StoryboardReady(Guid VideoId, string Key, double IntervalSeconds, int Count, int Columns, int TileWidth, int TileHeight);

public sealed record ProcessingCompleted(Guid VideoId);

/// <summary>
/// One processing attempt failed. <paramref name="WillRetry"/> is false when this was the last attempt
/// (retries exhausted, or a deterministic failure such as "not a video"): the video is then failed.
/// </summary>
/// <param name="DeadLetterId">When retries are exhausted: the envelope the queue keeps in its dead-letter store.</param>
public sealed record ProcessingAttemptFailed(Guid VideoId, int Attempt, string Error, bool WillRetry, Guid? DeadLetterId = null);

/// <summary>The owner asked for a failed video to be processed again; only what is missing is redone.</summary>
public sealed record ProcessingRetryRequested(Guid VideoId, string RequestedBy);

// Recorded by earlier versions (a remuxed copy of the source, and the ladder packaged as MPEG-TS HLS), no longer
// recorded; still read so that the streams of videos processed then replay and play as they did.

/// <summary>Earlier versions: the source was already browser-playable and was playable remuxed, before the ladder.</summary>
public sealed record OriginalReady(Guid VideoId, string Key, int Width, int Height, long SizeBytes);

/// <summary>Earlier versions: every rung was packaged as MPEG-TS HLS under <c>videos/&lt;id&gt;/hls/</c>.</summary>
public sealed record HlsReady(Guid VideoId, string MasterKey, IReadOnlyList<HlsVariantReady> Variants);

public sealed record HlsVariantReady(string Resolution, string PlaylistKey);
