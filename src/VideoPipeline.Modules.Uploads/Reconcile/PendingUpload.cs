using JasperFx.Events;
using Marten.Events.Aggregation;
using VideoPipeline.Contracts;

namespace VideoPipeline.Modules.Uploads.Reconcile;

/// <summary>An upload URL was issued and nobody has reported the upload yet: what the reconciler looks at.</summary>
public sealed class PendingUpload
{
    public Guid Id { get; set; }
    public string RawKey { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset UploadUrlExpiresAt { get; set; }
    public string? MultipartUploadId { get; set; }
}

public sealed class PendingUploadProjection : SingleStreamProjection<PendingUpload, Guid>
{
    public PendingUploadProjection()
    {
        DeleteEvent<UploadCompleted>();
        DeleteEvent<UploadRejected>();
        DeleteEvent<UploadExpired>();
    }

    public static PendingUpload Create(IEvent<UploadRequested> e) => new()
    {
        Id = e.Data.VideoId,
        RawKey = e.Data.RawKey,
        RequestedAt = e.Timestamp,
        UploadUrlExpiresAt = e.Data.UploadUrlExpiresAt,
        MultipartUploadId = e.Data.MultipartUploadId,
    };
}
