namespace VideoPipeline.Modules.Uploads;

public sealed class UploadsOptions
{
    public const string Section = "VideoPipeline:Uploads";

    /// <summary>Largest accepted upload, declared and actual.</summary>
    public long MaxSizeBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(1);
}

public sealed class WebhookOptions
{
    public const string Section = "VideoPipeline:Webhook";

    /// <summary>Shared secret of the <c>X-Webhook-Signature</c> HMAC.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How old a signed timestamp may be before the notification is refused as a replay.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
