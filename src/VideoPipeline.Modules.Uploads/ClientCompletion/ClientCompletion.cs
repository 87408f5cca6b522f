using Carter;
using FluentValidation;
using System.Text.Json;
using VideoPipeline.BuildingBlocks.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Modules.Uploads.CompleteUpload;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.ClientCompletion;

/// <summary>For a multipart upload: its id and every part's number and ETag, as the part PUTs answered them.</summary>
public sealed record CompletedParts(string UploadId, IReadOnlyList<CompletedPart> Parts)
{
    public sealed class Validator : AbstractValidator<CompletedParts>
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

/// <summary>The client says its PUT finished; the object is verified with a HEAD before anything happens (ownership is checked before this runs).</summary>
public sealed class ClientCompletionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/complete", async (Guid id, HttpContext http, IMessageBus bus) =>
            {
                // The body is optional (only multipart uploads have one); an empty body counts as none, whatever its Content-Type.
                CompletedParts? body = null;
                if (http.Request.ContentLength is > 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count > 0))
                {
                    if (!http.Request.HasJsonContentType())
                    {
                        return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON.",
                            detail: "Send the parts as application/json, or no body at all.");
                    }

                    try
                    {
                        body = await http.Request.ReadFromJsonAsync<CompletedParts>(http.RequestAborted);
                    }
                    catch (JsonException e)
                    {
                        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: e.Message);
                    }

                    if (body is not null && await ValidationFilter.ProblemFor(http, body) is { } invalid)
                    {
                        return invalid;
                    }
                }

                var parts = body?.Parts.Select(p => new UploadedPart(p.PartNumber, p.ETag)).ToList();
                var result = await bus.InvokeAsync<CompletionResult>(
                    new CompleteUpload.CompleteUpload(id, "client", UploadId: body?.UploadId, Parts: parts), http.RequestAborted);
                return result.Outcome switch
                {
                    CompletionOutcome.UnknownVideo => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."),
                    CompletionOutcome.NothingUploaded => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: "Nothing was uploaded yet.", detail: result.Detail),
                    CompletionOutcome.Rejected => Results.Problem(
                        statusCode: StatusCodes.Status422UnprocessableEntity, title: "The upload was rejected.", detail: result.Detail),
                    CompletionOutcome.Closed => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: "The upload can no longer be completed.", detail: result.Detail),
                    CompletionOutcome.InvalidParts => Results.Problem(
                        statusCode: StatusCodes.Status400BadRequest, title: "The parts do not match the upload.", detail: result.Detail),
                    _ => Results.Accepted($"/videos/{id}"),
                };
            })
            .Accepts<CompletedParts>(isOptional: true, "application/json")
            .ProducesValidationProblem()
            .WithTags("Uploads")
            .WithSummary("Tell the service the upload finished; it verifies the object and starts processing.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
