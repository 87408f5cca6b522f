namespace VideoPipeline.Contracts;

/// <summary>The status values of the HTTP contract.</summary>
public static class VideoStatus
{
    /// <summary>The statuses a list can be filtered on: every one but <see cref="Deleted"/>.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        AwaitingUpload, Uploaded, Processing, Processed, Failed, Expired,
    };

    public const string AwaitingUpload = "awaiting_upload";
    public const string Uploaded = "uploaded";
    public const string Processing = "processing";
    public const string Processed = "processed";
    public const string Failed = "failed";
    public const string Expired = "expired";

    /// <summary>
    /// A deleted video: never listed or shown by the API (every route answers 404), and not a value to filter on; the
    /// status webhook payloads give it.
    /// </summary>
    public const string Deleted = "deleted";
}
