using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads;

namespace VideoPipeline.Tests.Uploads.Deciding;

/// <summary>Givens for the Uploads deciders: an upload stream built from its events, as Marten would apply them.</summary>
internal static class AnUpload
{
    public static readonly DateTimeOffset RequestedAt = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static UploadRequested Requested(long? declaredSize = null, string? multipartUploadId = null)
    {
        var id = Guid.CreateVersion7();
        return new UploadRequested(id, "owner-1", "Holiday", VideoKeys.Raw(id, "mp4"), "video/mp4", declaredSize, RequestedAt.AddHours(1), multipartUploadId);
    }

    public static Upload Pending(long? declaredSize = null, string? multipartUploadId = null) =>
        Upload.Create(Requested(declaredSize, multipartUploadId));

    public static Upload With(this Upload upload, params object[] events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case UploadCompleted completed: upload.Apply(completed); break;
                case UploadRejected rejected: upload.Apply(rejected); break;
                case UploadExpired expired: upload.Apply(expired); break;
                default: throw new ArgumentException($"An upload does not apply {e.GetType().Name}.", nameof(events));
            }
        }

        return upload;
    }

    public static Landing Landed(this Upload upload, long size) => new(new ObjectHead(upload.RawKey, size, "video/mp4", "\"etag-1\""));
}
