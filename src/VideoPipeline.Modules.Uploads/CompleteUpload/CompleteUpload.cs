using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.CompleteUpload;

/// <summary>
/// Someone says the raw object of a video landed. Every arrival path (webhook, S3 event, client, reconciler)
/// ends here, so verification and idempotency live in one place.
/// </summary>
/// <param name="ReportedKey">When set (a storage notification), it must be the key issued for the video.</param>
/// <param name="UploadId">With <paramref name="Parts"/>: the client's multipart upload, whose parts are joined into the object first.</param>
public sealed record CompleteUpload(
    Guid VideoId, string ReportedBy, string? ReportedKey = null, string? UploadId = null, IReadOnlyList<UploadedPart>? Parts = null);

public enum CompletionOutcome
{
    /// <summary>The object is there; <see cref="UploadCompleted"/> was appended and a transcode enqueued.</summary>
    Completed,

    /// <summary>This upload was already completed: nothing changed.</summary>
    AlreadyCompleted,

    /// <summary>No upload was ever issued for this video (or not for the reported key).</summary>
    UnknownVideo,

    /// <summary>The upload was issued but the object is not in storage.</summary>
    NothingUploaded,

    /// <summary>The object breaks the upload's terms; <see cref="UploadRejected"/> was appended and nothing is processed.</summary>
    Rejected,

    /// <summary>The upload was rejected or expired before: nothing changed.</summary>
    Closed,

    /// <summary>The multipart upload id or parts given do not match what was uploaded: nothing changed.</summary>
    InvalidParts,
}

public sealed record CompletionResult(CompletionOutcome Outcome, string? Detail = null);

public static class CompleteUploadHandler
{
    public static async Task<(CompletionResult, OutgoingMessages)> Handle(
        CompleteUpload command,
        IDocumentSession session,
        IObjectStorage storage,
        IMultipartUploads multipart,
        IOptions<UploadsOptions> options,
        ILogger<CompleteUpload> logger,
        CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();

        // The row lock serialises concurrent reports of the same upload: exactly one appends UploadCompleted.
        var stream = await session.Events.FetchForExclusiveWriting<Upload>(command.VideoId, ct);
        var upload = stream.Aggregate;
        if (upload is null || (command.ReportedKey is not null && upload.RawKey != command.ReportedKey))
        {
            return (new CompletionResult(CompletionOutcome.UnknownVideo), outgoing);
        }

        if (upload.Completed)
        {
            logger.LogInformation("Upload of video {VideoId} reported again by {ReportedBy}; already completed", upload.Id, command.ReportedBy);
            return (new CompletionResult(CompletionOutcome.AlreadyCompleted), outgoing);
        }

        if (upload.ClosedBecause is { } closed)
        {
            return (new CompletionResult(CompletionOutcome.Closed, closed), outgoing);
        }

        if (command.Parts is not null)
        {
            if (upload.MultipartUploadId is null || command.UploadId != upload.MultipartUploadId)
            {
                return (new CompletionResult(CompletionOutcome.InvalidParts, $"'{command.UploadId}' is not this video's multipart upload."), outgoing);
            }

            try
            {
                await multipart.CompleteAsync(upload.RawKey, upload.MultipartUploadId, command.Parts, ct);
            }
            catch (InvalidMultipartUploadException e)
            {
                return (new CompletionResult(CompletionOutcome.InvalidParts, e.Message), outgoing);
            }
        }

        // Sealed before it is judged: what is verified here is what processing will read.
        var head = await storage.SealAsync(upload.RawKey, ct);
        if (head is null)
        {
            return (new CompletionResult(CompletionOutcome.NothingUploaded, $"No object was found at '{upload.RawKey}'."), outgoing);
        }

        // The real size, not the one anybody declared or reported, decides.
        if (RejectionOf(upload, head.Size, options.Value.MaxSizeBytes) is { } reason)
        {
            stream.AppendOne(new UploadRejected(upload.Id, head.Size, reason));
            logger.LogWarning("Upload of video {VideoId} rejected: {Reason}", upload.Id, reason);
            return (new CompletionResult(CompletionOutcome.Rejected, reason), outgoing);
        }

        stream.AppendOne(new UploadCompleted(upload.Id, upload.RawKey, head.Size, command.ReportedBy, head.ETag));
        outgoing.Add(new TranscodeVideo(upload.Id, upload.RawKey));
        logger.LogInformation("Upload of video {VideoId} completed ({SizeBytes} bytes, reported by {ReportedBy})", upload.Id, head.Size, command.ReportedBy);
        return (new CompletionResult(CompletionOutcome.Completed), outgoing);
    }

    private static string? RejectionOf(Upload upload, long size, long maxSize) =>
        size > maxSize ? $"The object is {size} bytes, over the limit of {maxSize} bytes."
        : upload.DeclaredSizeBytes is { } declared && declared != size ? $"The object is {size} bytes, not the {declared} bytes declared."
        : size == 0 ? "The object is empty."
        : null;
}
