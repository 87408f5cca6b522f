using Microsoft.Extensions.Logging;
using VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

namespace VideoPipeline.Modules.Uploads.ReceivingSnsNotifications;

/// <summary>Amazon SNS delivering S3 events over HTTP(S): the raw body of one delivery.</summary>
public sealed record ReceiveSnsDelivery(byte[] Body);

public static class ReceiveSnsDeliveryHandler
{
    /// <summary>SNS delivers again later when it is told to; the subscription and certificate fetches are what can fail.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Authenticated by SNS's own message signature, not an API key. A subscription confirmation is confirmed; a
    /// notification's message is an S3 event document whose objects the route reports as landed.
    /// </summary>
    public static async Task<VerifiedNotification> Handle(
        ReceiveSnsDelivery command, SnsSignature signature, IHttpClientFactory http, IOptions<SnsOptions> options,
        ILogger<SnsSignature> logger, CancellationToken ct)
    {
        try
        {
            return await ReceiveAsync(command, signature, http, options.Value, logger, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("Could not reach SNS while receiving a delivery: {Reason}", e.Message);
            return VerifiedNotification.Only(Answer.Unavailable("SNS could not be reached.",
                "The signing certificate or the subscription could not be fetched from SNS; deliver again later.", RetryAfter));
        }
    }

    private static async Task<VerifiedNotification> ReceiveAsync(
        ReceiveSnsDelivery command, SnsSignature signature, IHttpClientFactory http, SnsOptions options, ILogger logger, CancellationToken ct)
    {
        if (SnsMessage.Parse(command.Body) is not { } message)
        {
            return VerifiedNotification.Only(Answer.Invalid("Not an SNS message.",
                "The body must be an SNS HTTP(S) delivery (Type, MessageId, TopicArn, Message, Timestamp, Signature, SigningCertURL)."));
        }

        if (!options.AllowedTopicArns.Contains(message.TopicArn, StringComparer.Ordinal))
        {
            return VerifiedNotification.Only(Answer.Forbidden("Unexpected topic.", $"Messages from '{message.TopicArn}' are not accepted here."));
        }

        if (await signature.RefusalAsync(message, ct) is { } refusal)
        {
            return VerifiedNotification.Only(Answer.Unauthorized("The SNS signature is not valid.", refusal));
        }

        switch (message.Type)
        {
            case SnsMessage.SubscriptionConfirmation when signature.IsTrusted(message.SubscribeUrl):
                using (var confirmation = await http.CreateClient(SnsSignature.HttpClientName).GetAsync(new Uri(message.SubscribeUrl!), ct))
                {
                    if (!confirmation.IsSuccessStatusCode)
                    {
                        return VerifiedNotification.Only(Answer.Invalid("The subscription could not be confirmed.", $"SNS answered {(int)confirmation.StatusCode} to the SubscribeURL."));
                    }
                }

                logger.LogInformation("Confirmed the SNS subscription to {TopicArn}", message.TopicArn);
                return VerifiedNotification.Only(Answer.Ok());
            case SnsMessage.SubscriptionConfirmation:
                return VerifiedNotification.Only(Answer.Invalid("Untrusted SubscribeURL.", $"'{message.SubscribeUrl}' is not an SNS URL."));
            case SnsMessage.Notification:
                // S3 also publishes an s3:TestEvent (no Records) when the notification is set up: nothing to do.
                var notification = UploadNotification.Parse(System.Text.Encoding.UTF8.GetBytes(message.Message));
                return new VerifiedNotification(Answer.Ok(), notification.Created);
            default:
                return VerifiedNotification.Only(Answer.Ok());
        }
    }
}

internal sealed class SnsWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/webhook/sns", async (HttpRequest request, IMessageBus bus) =>
                await CreatedObjects.ReportAsync(
                    await bus.InvokeAsync<VerifiedNotification>(new ReceiveSnsDelivery(await request.ReadBodyAsync()), request.HttpContext.RequestAborted),
                    UploadReporter.Sns, bus, request.HttpContext.RequestAborted))
            .AllowAnonymous()
            .WithBodyLimit(BodyLimits.SnsDelivery)
            .WithTags("Uploads")
            .WithSummary("Amazon SNS delivery of S3 events: signature verified against the SNS signing certificate.")
            .Accepts<object>("text/plain", "application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
