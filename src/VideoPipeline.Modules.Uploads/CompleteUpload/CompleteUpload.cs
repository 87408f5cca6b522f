using Marten;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.CompleteUpload;

/// <summary>
/// Someone says the raw object of a video landed. Every arrival path (webhook, S3 event, client, reconciler)
/// ends here, so verification and idempotency live in one place.
/// </summary>
/// <param name="ReportedKey">When set (a storage notification), it must be the key issued for the video.</param>
public sealed record CompleteUpload(Guid VideoId, string ReportedBy, string? ReportedKey = null);

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
}

public sealed record CompletionResult(CompletionOutcome Outcome, string? Detail = null);

public static class CompleteUploadHandler
{
    public static async Task<(CompletionResult, OutgoingMessages)> Handle(
        CompleteUpload command,
        IDocumentSession session,
        IObjectStorage storage,
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

        var head = await storage.HeadAsync(upload.RawKey, ct);
        if (head is null)
        {
            return (new CompletionResult(CompletionOutcome.NothingUploaded, $"No object was found at '{upload.RawKey}'."), outgoing);
        }

        stream.AppendOne(new UploadCompleted(upload.Id, upload.RawKey, head.Size, command.ReportedBy));
        outgoing.Add(new TranscodeVideo(upload.Id, upload.RawKey));
        logger.LogInformation("Upload of video {VideoId} completed ({SizeBytes} bytes, reported by {ReportedBy})", upload.Id, head.Size, command.ReportedBy);
        return (new CompletionResult(CompletionOutcome.Completed), outgoing);
    }
}
