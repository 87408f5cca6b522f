using System.Security.Cryptography;
using System.Text;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.S3UploadWebhook;

/// <summary>
/// Storage (or an operator's script) says an object landed. Authenticated by the HMAC signature, not an API key.
/// </summary>
internal sealed class S3UploadWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/webhook/s3-upload", Receive)
            .AllowAnonymous()
            .WithBodyLimit(BodyLimits.Notification)
            .WithTags("Uploads")
            .WithSummary("Storage notification that an upload landed ({key,size} or an S3 event document), HMAC-signed.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Receive(
        HttpRequest request, IMessageBus bus, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();

        var unsigned = HasMinioToken(request, options.Value.MinioAuthToken)
            ? null
            : WebhookSignature.Verify(
                request.Headers[WebhookSignature.HeaderName], options.Value.Secret, body, clock.GetUtcNow(), options.Value.Tolerance);
        if (unsigned is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook signature is not valid.", detail: unsigned);
        }

        var notification = UploadNotification.Parse(body);
        if (notification.Refusal is { } refusal)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The notification is not understood.", detail: refusal);
        }

        return (await CreatedObjects.ReportAsync(notification.Created, UploadReporter.Webhook, bus, request.HttpContext.RequestAborted))?.ToHttp()
               ?? Results.Accepted();
    }

    private static bool HasMinioToken(HttpRequest request, string? token)
    {
        var header = request.Headers.Authorization.ToString();
        return !string.IsNullOrEmpty(token) &&
               header.StartsWith("Bearer ", StringComparison.Ordinal) &&
               CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..]), Encoding.UTF8.GetBytes(token));
    }
}
