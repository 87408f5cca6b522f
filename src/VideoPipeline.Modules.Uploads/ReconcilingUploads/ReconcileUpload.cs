using Wolverine.Attributes;
using JasperFx;
using VideoPipeline.BuildingBlocks.Storage;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads.ReconcilingUploads;

/// <summary>
/// Scheduled, durably, when the upload is requested: has the object landed although nobody said so (a lost
/// notification)? The second look, long after the URL expired, closes an upload with nothing in storage; the first
/// schedules it, in its own transaction, only for an upload still waiting (or deleted, to purge a late PUT), so a request
/// writes one scheduled message, not two. A scheduled message runs once in the whole cluster, and the decision is taken
/// under the stream's lock like any report.
/// </summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Uploads.ReconcileUpload.ReconcileUpload")]
public sealed record ReconcileUpload([property: Identity] Guid VideoId, bool CloseIfNothingLanded);

/// <summary>Throws away the parts of a multipart upload that was closed without being completed; parts cost storage until then.</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Uploads.ReconcileUpload.AbortMultipartUpload")]
public sealed record AbortMultipartUpload(string Key, string UploadId);

public static class ReconcileUploadHandler
{
    public static async Task<Landing> LoadAsync(ReconcileUpload command, Upload? upload, IObjectStorage storage, CancellationToken ct) =>
        upload is { IsPending: true } ? new Landing(await storage.SealAsync(upload.RawKey, ct)) : Landing.Nothing;

    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Events, OutgoingMessages) Handle(ReconcileUpload command, Upload? upload, Landing landing, UploadsOptions options)
    {
        if (upload is { Deleted: true })
        {
            // A PUT to the upload URL can still land after the deletion: each look purges what did.
            var purge = upload.PurgeAgainIfDeleted();
            return ([], command.CloseIfNothingLanded ? purge : ScheduleClosingLook(upload, options, purge));
        }

        if (upload is not { IsPending: true })
        {
            return ([], new());
        }

        if (landing.Head is not null)
        {
            var (_, events, outgoing) = upload.Land(UploadReporter.Reconciler, landing, options.MaxSizeBytes);
            return (events, outgoing);
        }

        if (!command.CloseIfNothingLanded)
        {
            return ([], ScheduleClosingLook(upload, options, []));
        }

        var abort = new OutgoingMessages();
        if (upload.MultipartUploadId is { } uploadId)
        {
            abort.Add(new AbortMultipartUpload(upload.RawKey, uploadId));
        }

        return ([new UploadExpired(upload.Id)], abort);
    }

    /// <summary>The look that closes the upload if nothing landed, long after its URL expired.</summary>
    private static OutgoingMessages ScheduleClosingLook(Upload upload, UploadsOptions options, OutgoingMessages outgoing)
    {
        outgoing.Schedule(new ReconcileUpload(upload.Id, CloseIfNothingLanded: true), upload.UploadUrlExpiresAt + options.Reconciler.ExpireAfter);
        return outgoing;
    }
}

public static class AbortMultipartUploadHandler
{
    public static Task Handle(AbortMultipartUpload command, IMultipartUploads multipart, CancellationToken ct) =>
        multipart.AbortAsync(command.Key, command.UploadId, ct);
}
