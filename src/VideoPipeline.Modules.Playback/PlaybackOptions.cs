namespace VideoPipeline.Modules.Playback;

public sealed class PlaybackOptions
{
    public const string Section = "VideoPipeline:Playback";

    /// <summary>How long signed playback URLs stay valid (at most 7 days, the S3 presign limit).</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The rendition <c>url</c> points at when it exists (the seed contract's 480p).</summary>
    public string DefaultResolution { get; set; } = "480p";
}
