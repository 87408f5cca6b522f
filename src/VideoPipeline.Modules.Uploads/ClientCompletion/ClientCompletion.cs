using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Modules.Uploads.CompleteUpload;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.ClientCompletion;

/// <summary>The client says its PUT finished; the object is verified with a HEAD before anything happens (ownership is checked before this runs).</summary>
public sealed class ClientCompletionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/complete", async (Guid id, HttpContext http, IMessageBus bus) =>
            {
                var result = await bus.InvokeAsync<CompletionResult>(
                    new CompleteUpload.CompleteUpload(id, "client"), http.RequestAborted);
                return result.Outcome switch
                {
                    CompletionOutcome.UnknownVideo => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found."),
                    CompletionOutcome.NothingUploaded => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: "Nothing was uploaded yet.", detail: result.Detail),
                    CompletionOutcome.Rejected => Results.Problem(
                        statusCode: StatusCodes.Status422UnprocessableEntity, title: "The upload was rejected.", detail: result.Detail),
                    CompletionOutcome.Closed => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: "The upload can no longer be completed.", detail: result.Detail),
                    _ => Results.Accepted($"/videos/{id}"),
                };
            })
            .WithTags("Uploads")
            .WithSummary("Tell the service the upload finished; it verifies the object and starts processing.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
