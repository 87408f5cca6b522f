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
