using Wolverine.Attributes;
using JasperFx;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace VideoPipeline.Modules.Processing.RetryingFailedVideos;

/// <summary>The owner (or an admin) asks for a failed video to be processed again; ownership is checked before this runs.</summary>
public sealed record RetryProcessing([property: Identity] Guid VideoId, string RequestedBy);

/// <summary>Takes a dead-lettered transcode out of the dead-letter store and queues the job again, to wait for its owner's turn.</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Processing.RetryProcessing.ReplayTranscode")]
public sealed record ReplayTranscode(Guid VideoId, string RawKey, Guid DeadLetterId);

public static class RetryProcessingHandler
{
    /// <summary>
    /// Only a failed video is retried, once however often it is asked (the stream's lock): the job redoes what is missing.
    /// A job whose retries ran out is replayed from the dead-letter store, so that store keeps only what still needs a person.
    /// </summary>
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Answer, Events, OutgoingMessages) Handle(RetryProcessing command, TranscodeJob? job)
    {
        if (job is null)
        {
            return (Answer.VideoNotFound, [], new());
        }

        if (!job.Failed || job.RawKey is null)
        {
            return (Answer.Conflict("The video has not failed.", $"Only a failed video can be retried; this one is {Describe(job)}."), [], new());
        }

        var retry = new OutgoingMessages();
        retry.Add(job.DeadLetterId is { } deadLetter ? new ReplayTranscode(job.Id, job.RawKey, deadLetter) : new TranscodeVideo(job.Id, job.RawKey, job.OwnerId));
        return (Answer.Accepted($"/videos/{job.Id}"), [new ProcessingRetryRequested(job.Id, command.RequestedBy)], retry);
    }

    private static string Describe(TranscodeJob job) =>
        job.UploadRejectedBecause is { } reason ? $"an upload that was rejected ({reason}); request a new upload"
        : job.Completed ? VideoStatus.Processed : job.RawKey is null ? VideoStatus.AwaitingUpload : "still being processed";
}

public static class ReplayTranscodeHandler
{
    /// <summary>
    /// The dead letter is not replayed where it was (this node's run queue, past the fair choice): it is discarded, and the
    /// job queued again like any other, so the store keeps only what still needs a person.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(ReplayTranscode command, IMessageStore store, CancellationToken ct)
    {
        await store.DeadLetters.DiscardAsync(new DeadLetterEnvelopeQuery([command.DeadLetterId]), ct);
        return [new TranscodeVideo(command.VideoId, command.RawKey)];
    }
}

internal sealed class RetryProcessingEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Post, "/videos/{id:guid}/retry", (id, owner) => new RetryProcessing(id, owner))
            .WithTags("Processing")
            .WithSummary("Process a failed video again; only what is missing is redone.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
