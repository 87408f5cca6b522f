using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Processing.RetryProcessing;

/// <summary>The owner (or an admin) asks for a failed video to be processed again; ownership is checked before this runs.</summary>
public sealed record RetryProcessing(Guid VideoId, string RequestedBy);

public enum RetryOutcome { Queued, NotFound, NotFailed }

public sealed record RetryResult(RetryOutcome Outcome, string? Detail = null);

public static class RetryProcessingHandler
{
    public static async Task<(RetryResult, OutgoingMessages)> Handle(
        RetryProcessing command, IDocumentSession session, ILogger<RetryProcessing> logger, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();

        // The row lock makes two quick retries of one video queue one transcode, not two.
        var stream = await session.Events.FetchForExclusiveWriting<TranscodeJob>(command.VideoId, ct);
        var job = stream.Aggregate;
        if (job is null)
        {
            return (new RetryResult(RetryOutcome.NotFound), outgoing);
        }

        if (!job.Failed || job.RawKey is null)
        {
            return (new RetryResult(RetryOutcome.NotFailed, $"Only a failed video can be retried; this one is {Describe(job)}."), outgoing);
        }

        // A fresh message rather than a replay of the dead letter: the handler redoes only what the stream says is missing,
        // and a later replay of that dead letter finds the job done and does nothing.
        stream.AppendOne(new ProcessingRetryRequested(job.Id, command.RequestedBy));
        outgoing.Add(new Contracts.TranscodeVideo(job.Id, job.RawKey));
        logger.LogInformation("Processing of video {VideoId} retried by {RequestedBy}", job.Id, command.RequestedBy);
        return (new RetryResult(RetryOutcome.Queued), outgoing);
    }

    private static string Describe(TranscodeJob job) =>
        job.UploadRejectedBecause is { } reason ? $"an upload that was rejected ({reason}); request a new upload"
        : job.Completed ? VideoStatus.Processed : job.RawKey is null ? VideoStatus.AwaitingUpload : "still being processed";
}

public sealed class RetryProcessingEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/retry", async (Guid id, HttpContext http, IMessageBus bus) =>
            {
                var result = await bus.InvokeAsync<RetryResult>(new RetryProcessing(id, http.User.OwnerId()), http.RequestAborted);
                return result.Outcome switch
                {
                    RetryOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."),
                    RetryOutcome.NotFailed => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: "The video has not failed.", detail: result.Detail),
                    _ => Results.Accepted($"/videos/{id}"),
                };
            })
            .WithTags("Processing")
            .WithSummary("Process a failed video again; only what is missing is redone.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
