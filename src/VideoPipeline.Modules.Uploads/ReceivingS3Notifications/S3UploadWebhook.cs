using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

/// <summary>
/// Storage (or an operator's script) says objects landed: the raw body as signed, the <c>X-Webhook-Signature</c> header,
/// and the bearer token MinIO sends instead of a signature.
/// </summary>
public sealed record ReceiveUploadNotification(byte[] Body, string? Signature, string? BearerToken);

public static class ReceiveUploadNotificationHandler
{
    /// <summary>Authenticated by the HMAC signature (or MinIO's token), not an API key; the route reports each object it names as landed.</summary>
    public static VerifiedNotification Handle(ReceiveUploadNotification command, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        var webhook = options.Value;
        var unsigned = IsMinioToken(command.BearerToken, webhook.MinioAuthToken)
            ? null
            : WebhookSignature.Verify(command.Signature, webhook.Secret, command.Body, clock.GetUtcNow(), webhook.Tolerance);
        if (unsigned is not null)
        {
            return VerifiedNotification.Only(Answer.Unauthorized("The webhook signature is not valid.", unsigned));
        }

        var notification = UploadNotification.Parse(command.Body);
        if (notification.Refusal is { } refusal)
        {
            return VerifiedNotification.Only(Answer.Invalid("The notification is not understood.", refusal));
        }

        return new VerifiedNotification(Answer.Accepted(), notification.Created);
    }

    private static bool IsMinioToken(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected) && presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}

internal sealed class S3UploadWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/webhook/s3-upload", async (HttpRequest request, IMessageBus bus) =>
                await CreatedObjects.ReportAsync(
                    await bus.InvokeAsync<VerifiedNotification>(new ReceiveUploadNotification(
                        await request.ReadBodyAsync(), request.Headers[WebhookSignature.HeaderName], request.BearerToken()), request.HttpContext.RequestAborted),
                    UploadReporter.Webhook, bus, request.HttpContext.RequestAborted))
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
}
