namespace VideoPipeline.Contracts;

/// <summary>Durable queue message: the raw upload of a video is in storage and should be made playable.</summary>
public sealed record TranscodeVideo(Guid VideoId, string RawKey);
