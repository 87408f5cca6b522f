namespace VideoPipeline.Contracts;

/// <summary>
/// Durable queue message: the raw upload of a video is in storage and should be made playable. <paramref name="OwnerId"/>
/// decides its turn among the owners' jobs; messages queued before it was carried have none, and their owner is looked up.
/// </summary>
public sealed record TranscodeVideo(Guid VideoId, string RawKey, string? OwnerId = null);
