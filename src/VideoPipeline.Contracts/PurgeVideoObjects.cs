namespace VideoPipeline.Contracts;

/// <summary>
/// Durable queue message: remove every stored object of a deleted video (everything under <c>videos/&lt;id&gt;/</c> and an
/// unfinished multipart upload). Sent when the video is deleted, and again by whatever finds it wrote after the deletion
/// (a transcode that was running, a late upload); it does nothing for a video that is not deleted.
/// </summary>
public sealed record PurgeVideoObjects(Guid VideoId);
