using FluentValidation;
using VideoPipeline.BuildingBlocks.EventStreams;
using VideoPipeline.BuildingBlocks.Storage;
using Wolverine.Attributes;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads.CompletingUploads;

/// <summary>
/// Someone says the raw object of a video landed. Every arrival path (client, webhook, S3 event, SNS) ends here, so
/// verification and idempotency live in one place.
/// </summary>
/// <param name="ReportedKey">When set (a storage notification), it must be the key issued for the video.</param>
/// <param name="UploadId">With <paramref name="Parts"/>: the client's multipart upload, whose parts are joined into the object first.</param>
public sealed record CompleteUpload(
    [property: Audit("video.id")] Guid VideoId, UploadReporter ReportedBy, string? ReportedKey = null, string? UploadId = null, IReadOnlyList<UploadedPart>? Parts = null);

public static class CompleteUploadHandler
{
    /// <summary>What a report may append: the inline projections of these find their documents loaded with the stream.</summary>
    private static readonly Type[] MayAppend = [typeof(UploadCompleted), typeof(UploadRejected)];

    /// <summary>
    /// One short transaction: the stream's lock, its events and the documents its projections update in one round trip
    /// (<see cref="ExclusiveStreams"/>); what storage says, for a pending upload; the decision; one commit.
    /// </summary>
    public static async Task<Answer> HandleAsync(
        CompleteUpload command, ExclusiveStreams streams, IMessageContext context, IObjectStorage storage, IMultipartUploads multipart,
        UploadsOptions options, CancellationToken ct)
    {
        await using var stream = await streams.FetchAsync<Upload>(context, command.VideoId, MayAppend, ct);
        var landing = await LandingAsync(command, stream.Aggregate, storage, multipart, ct);
        var (answer, events, outgoing) = Decide(command, stream.Aggregate, landing, options);
        await stream.CommitAsync(events, outgoing, ct);
        return answer;
    }

    /// <summary>The decision: a report of a pending upload lands it (or is refused), any other changes nothing but may purge again.</summary>
    public static (Answer, Events, OutgoingMessages) Decide(CompleteUpload command, Upload? upload, Landing landing, UploadsOptions options)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        if (upload is null || (command.ReportedKey is not null && command.ReportedKey != upload.RawKey))
        {
            return (command.ReportedKey is null
                ? Answer.VideoNotFound
                : Answer.NotFound("No upload was issued for this key.", $"'{command.ReportedKey}' is not a key this service issued."), [], new());
        }

        if (upload.IsPending)
        {
            return upload.Land(command.ReportedBy, landing, options.MaxSizeBytes);
        }

        var (answer, outgoing) = upload.Repeated(command.ReportedBy);
        return (answer, [], outgoing);
    }

    /// <summary>
    /// Under the stream's lock, and only for a pending upload: join the parts of a multipart upload, then seal the
    /// object, so that what is judged here is what processing will read.
    /// </summary>
    private static async Task<Landing> LandingAsync(
        CompleteUpload command, Upload? upload, IObjectStorage storage, IMultipartUploads multipart, CancellationToken ct)
    {
        if (upload is not { IsPending: true } || (command.ReportedKey is not null && command.ReportedKey != upload.RawKey))
        {
            return Landing.Nothing;
        }

        if (command.Parts is not null)
        {
            if (upload.MultipartUploadId is null || command.UploadId != upload.MultipartUploadId)
            {
                return new Landing(null, $"'{command.UploadId}' is not this video's multipart upload.");
            }

            try
            {
                await multipart.CompleteAsync(upload.RawKey, upload.MultipartUploadId, command.Parts, ct);
            }
            catch (InvalidMultipartUploadException e)
            {
                return new Landing(null, e.Message);
            }
        }

        return new Landing(await storage.SealAsync(upload.RawKey, ct));
    }
}

/// <summary>For a multipart upload: its id and every part's number and ETag, as the part PUTs answered them.</summary>
public sealed record CompletedParts(string UploadId, IReadOnlyList<CompletedPart> Parts)
{
    /// <summary>Only multipart uploads have a body; a single PUT is completed with none.</summary>
    public static ValueTask<CompletedParts?> BindAsync(HttpContext http) => OptionalJsonBody.ReadAsync<CompletedParts>(http);

    internal sealed class Validator : AbstractValidator<CompletedParts>
    {
        public Validator()
        {
            RuleFor(x => x.UploadId).NotEmpty().MaximumLength(1024).PlainText();
            RuleFor(x => x.Parts).NotEmpty();
            RuleFor(x => x.Parts).Must(parts => parts.Count <= 10_000).When(x => x.Parts is not null).WithMessage("'Parts' must list at most 10000 parts.");
            RuleForEach(x => x.Parts).NotNull().ChildRules(part => part.RuleFor(p => p.ETag).NotEmpty().MaximumLength(256).PlainText());
            RuleFor(x => x.Parts)
                .Must(parts => parts.Select(p => p.PartNumber).SequenceEqual(Enumerable.Range(1, parts.Count)))
                .When(x => x.Parts is { Count: > 0 } parts && parts.All(p => p is not null))
                .WithMessage("'Parts' must list every part, numbered 1, 2, 3, ... in order.");
        }
    }
}

public sealed record CompletedPart(int PartNumber, string ETag);

/// <summary>The client says its PUT finished (ownership is checked before this runs); a multipart upload names its parts.</summary>
internal sealed class ClientCompletionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/complete", (Guid id, CompletedParts? body, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new CompleteUpload(id, UploadReporter.Client, UploadId: body?.UploadId,
                    Parts: body?.Parts.Select(p => new UploadedPart(p.PartNumber, p.ETag)).ToList()), ct))
            .WithTags("Uploads")
            .WithSummary("Tell the service the upload finished; it verifies the object and starts processing.")
            .Accepts<CompletedParts>(isOptional: true, "application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
