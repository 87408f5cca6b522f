namespace VideoPipeline.Modules.Catalog;

/// <summary>The public shape of a video in <c>GET /videos</c> and <c>GET /videos/{id}</c>.</summary>
internal sealed record VideoView(
    Guid Id,
    string Title,
    string? Passthrough,
    IReadOnlyDictionary<string, string> Metadata,
    string? SourceUrl,
    string Source,
    Guid? LiveStreamId,
    ClipOrigin? Clip,
    string Status,
    double Progress,
    long? SizeBytes,
    IReadOnlyList<VideoVariant> Variants,
    IReadOnlyList<VideoVariant> StaticRenditions,
    string? ThumbKey,
    int FailCount,
    string? LastError,
    bool Retryable,
    VideoSteps Steps)
{
    public static VideoView From(VideoSummary v) =>
        new(v.Id, v.Title, v.Passthrough, v.Metadata, v.SourceUrl, v.Source, v.LiveStreamId, v.Clip, v.Status, v.Progress, v.SizeBytes, v.Variants, v.StaticRenditions, v.ThumbKey, v.FailCount, v.LastError, v.Retryable, v.Steps);
}
