namespace VideoPipeline.Contracts;

/// <summary>A caption track in <paramref name="Language"/> (a BCP 47 tag) was added to the video, or replaced the one it had.</summary>
public sealed record CaptionAdded(Guid VideoId, string Language, string Label, int Cues);

public sealed record CaptionRemoved(Guid VideoId, string Language);
