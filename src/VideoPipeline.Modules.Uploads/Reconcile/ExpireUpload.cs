using Marten;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;

namespace VideoPipeline.Modules.Uploads.Reconcile;

/// <summary>Close an upload whose URL expired with nothing uploaded; answers whether it did.</summary>
public sealed record ExpireUpload(Guid VideoId);

public static class ExpireUploadHandler
{
    public static async Task<bool> Handle(
        ExpireUpload command, IDocumentSession session, IObjectStorage storage, IMultipartUploads multipart, CancellationToken ct)
    {
        // Under the same row lock as completion, so an upload reported at this moment is either completed or expired, never both.
        var stream = await session.Events.FetchForExclusiveWriting<Upload>(command.VideoId, ct);
        if (stream.Aggregate is not { Completed: false, ClosedBecause: null } upload || await storage.HeadAsync(upload.RawKey, ct) is not null)
        {
            return false;
        }

        if (upload.MultipartUploadId is { } uploadId)
        {
            // Abandoned parts cost storage until someone aborts the upload.
            await multipart.AbortAsync(upload.RawKey, uploadId, ct);
        }

        stream.AppendOne(new UploadExpired(upload.Id));
        return true;
    }
}
