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
