namespace VideoPipeline.Modules.Playback;

public sealed class PlaybackOptions
{
    public const string Section = "VideoPipeline:Playback";

    /// <summary>How long signed playback URLs stay valid (at most 7 days, the S3 presign limit).</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The rendition <c>url</c> points at when it exists (the seed contract's 480p).</summary>
    public string DefaultResolution { get; set; } = "480p";

    /// <summary>HMAC key of the signed HLS playlist and DASH manifest URLs the service answers itself. Required; share it between nodes.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Base URL players reach the service at, for the <c>hls</c> and <c>dash</c> URLs; unset means the base URL of the <c>/play</c> request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Origins (<c>https://example.com</c>, <c>https://*.example.com</c>, or <c>*</c> for any) whose pages may show the
    /// player page in an <c>&lt;iframe&gt;</c>, besides the service itself.
    /// </summary>
    public List<string> EmbedOrigins { get; set; } = [];

    /// <summary>Who may frame the player page: the service itself and <see cref="EmbedOrigins"/>.</summary>
    public FrameAncestors FrameAncestors => new(string.Join(' ', ["'self'", .. EmbedOrigins.Select(o => o.Trim())]));

    /// <summary>The image API's bounds and how many pictures a node makes at once (section <c>VideoPipeline:Playback:Images</c>).</summary>
    public ImageOptions Images { get; set; } = new();
    /// <summary>
    /// Who may frame the player page opened with a token whose playback restriction allows <paramref name="referrerDomains"/>:
    /// those sites too, on any port (a restriction names hosts, not origins).
    /// </summary>
    public FrameAncestors FrameAncestorsWith(IEnumerable<string> referrerDomains) =>
        new(string.Join(' ', [FrameAncestors.Sources, .. referrerDomains.Select(domain => domain + ":*")]));

    /// <summary>When configured, media URLs are CloudFront signed URLs instead of storage presigned ones.</summary>
    public CloudFrontOptions CloudFront { get; set; } = new();
}

/// <summary>CloudFront signed URLs with a canned policy (section <c>VideoPipeline:Playback:CloudFront</c>).</summary>
public sealed class CloudFrontOptions
{
    /// <summary>The distribution's URL whose origin is the bucket, e.g. <c>https://d111111abcdef8.cloudfront.net/</c>; object keys are appended.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The public key's id in CloudFront (key group) or the legacy key pair id.</summary>
    public string? KeyPairId { get; set; }

    /// <summary>The RSA private key, PEM (PKCS#1 or PKCS#8).</summary>
    public string? PrivateKeyPem { get; set; }

    public bool IsConfigured => BaseUrl is not null || !string.IsNullOrWhiteSpace(KeyPairId) || !string.IsNullOrWhiteSpace(PrivateKeyPem);
}

/// <summary>What the image API may be asked for, and what making its pictures may take on one node.</summary>
public sealed class ImageOptions
{
    /// <summary>The longest side of a still thumbnail.</summary>
    public int MaxStillSide { get; set; } = 1920;

    /// <summary>The longest side of an animated preview.</summary>
    public int MaxAnimatedSide { get; set; } = 640;

    /// <summary>The width of an animated preview asked for at no size.</summary>
    public int DefaultAnimatedWidth { get; set; } = 320;

    /// <summary>The longest an animated preview lasts (end − start).</summary>
    public double MaxAnimatedSeconds { get; set; } = 10;

    /// <summary>How long an animated preview asked for without an end lasts.</summary>
    public double DefaultAnimatedSeconds { get; set; } = 5;

    public int MaxFps { get; set; } = 30;

    public int DefaultFps { get; set; } = 15;

    /// <summary>The most pictures an animated preview holds (duration × fps).</summary>
    public int MaxFrames { get; set; } = 300;

    /// <summary>Pictures this node makes at once (each one ffmpeg run); the rest wait up to <see cref="SlotWait"/>.</summary>
    public int MaxParallelRenders { get; set; } = 2;

    /// <summary>How long a request waits for a free render slot before it is answered 503 with Retry-After.</summary>
    public TimeSpan SlotWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one picture's ffmpeg run may last.</summary>
    public TimeSpan RenderTimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most memory one picture's ffmpeg run may allocate.</summary>
    public long RenderMemoryBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The largest picture file a run may write.</summary>
    public long MaxPictureBytes { get; set; } = 32L * 1024 * 1024;

    public bool IsValid =>
        MaxStillSide >= 16 && MaxAnimatedSide >= 16 && DefaultAnimatedWidth >= 1 && DefaultAnimatedWidth <= MaxAnimatedSide
        && MaxAnimatedSeconds > 0 && DefaultAnimatedSeconds > 0 && DefaultAnimatedSeconds <= MaxAnimatedSeconds
        && MaxFps >= 1 && DefaultFps >= 1 && DefaultFps <= MaxFps && MaxFrames >= 1 && MaxParallelRenders >= 1
        && SlotWait >= TimeSpan.Zero && RenderTimeLimit > TimeSpan.Zero && RenderMemoryBytes > 0 && MaxPictureBytes > 0;
}
