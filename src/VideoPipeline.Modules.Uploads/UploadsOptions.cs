using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Uploads;

public sealed class UploadsOptions
{
    public const string Section = "VideoPipeline:Uploads";

    /// <summary>Largest accepted upload, declared and actual.</summary>
    public long MaxSizeBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A declared size above this is uploaded in parts (multipart upload).</summary>
    public long MultipartThresholdBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Size of each part but the last; S3 needs at least 5 MiB.</summary>
    public long PartSizeBytes { get; set; } = 16L * 1024 * 1024;

    public ReconcilerOptions Reconciler { get; set; } = new();

    public UrlIngestOptions UrlIngest { get; set; } = new();
}

/// <summary>How the service downloads a video from a URL (section <c>VideoPipeline:Uploads:UrlIngest</c>); the size limit is <see cref="UploadsOptions.MaxSizeBytes"/>.</summary>
public sealed class UrlIngestOptions
{
    /// <summary>The source must answer (status and headers) within this long, connecting included.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole download must be done within this long.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Redirects followed, each judged by the network guard like the first URL.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// A source that could not be reached or answered 5xx is tried again after each of these; after the last, the video fails.
    /// Empty here because the configuration binder appends to, rather than replaces, a pre-filled array.
    /// </summary>
    public TimeSpan[] RetryCooldowns { get; set; } = [];

    public IReadOnlyList<TimeSpan> Cooldowns => RetryCooldowns.Length > 0 ? RetryCooldowns : [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>Downloads at once on this node.</summary>
    public int MaxParallelDownloads { get; set; } = 2;

    /// <summary>
    /// How owners share the downloads of the cluster (weights, caps per owner, lease). An owner's cap, unless configured,
    /// is half of <see cref="MaxParallelDownloads"/>: one owner's slow sources never take every slot.
    /// </summary>
    public FairShareOptions Fairness { get; set; } = new();

    public FairShareOptions FairnessWithDefaults => Fairness.WithDefaultCap(Math.Max(1, MaxParallelDownloads / 2));

    /// <summary>
    /// The slowest a source may send: fewer bytes than this many a second, over any <see cref="TransferRateWindow"/> of
    /// the body, and the download fails with that reason, its slot free for others (default 16 KiB/s).
    /// </summary>
    public long MinBytesPerSecond { get; set; } = 16 * 1024;

    /// <summary>The stretch of the download over which <see cref="MinBytesPerSecond"/> is judged.</summary>
    public TimeSpan TransferRateWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running download looks whether its video was deleted (and then stops, closing the connection to the source).</summary>
    public TimeSpan DeletionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The safety net for uploads nobody reported (section <c>VideoPipeline:Uploads:Reconciler</c>): two looks at storage,
/// scheduled when the upload is requested.
/// </summary>
public sealed class ReconcilerOptions
{
    /// <summary>An upload unreported this long after it was requested is looked for in storage (clients and notifications usually report within seconds).</summary>
    public TimeSpan LostNotificationAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>This long after its URL expired, an upload with nothing in storage is closed as expired.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromHours(1);
}

public sealed class WebhookOptions
{
    public const string Section = "VideoPipeline:Webhook";

    /// <summary>Shared secret of the <c>X-Webhook-Signature</c> HMAC.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How old a signed timestamp may be before the notification is refused as a replay.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// MinIO's webhook target cannot sign bodies; it sends <c>Authorization: Bearer &lt;auth_token&gt;</c> instead.
    /// When set, that token is accepted in place of the signature. Unset: only signed notifications are accepted.
    /// </summary>
    public string? MinioAuthToken { get; set; }
}
