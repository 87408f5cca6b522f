using VideoPipeline.Contracts;

namespace VideoPipeline.Modules.Uploads;

/// <summary>The Uploads module's view of a video stream: what was issued and whether it landed.</summary>
public sealed class Upload
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string RawKey { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long? DeclaredSizeBytes { get; set; }
    public DateTimeOffset UploadUrlExpiresAt { get; set; }
    public string? MultipartUploadId { get; set; }
    public bool Completed { get; set; }

    /// <summary>Why no report of this upload can complete it any more (rejected or expired), or null.</summary>
    public string? ClosedBecause { get; set; }

    public static Upload Create(UploadRequested e) => new()
    {
        Id = e.VideoId,
        OwnerId = e.OwnerId,
        RawKey = e.RawKey,
        ContentType = e.ContentType,
        DeclaredSizeBytes = e.DeclaredSizeBytes,
        UploadUrlExpiresAt = e.UploadUrlExpiresAt,
        MultipartUploadId = e.MultipartUploadId,
    };

    public void Apply(UploadCompleted _) => Completed = true;

    public void Apply(UploadRejected e) => ClosedBecause = $"The upload was rejected: {e.Reason}";

    public void Apply(UploadExpired _) => ClosedBecause = "The upload URL expired and nothing was uploaded.";
}
