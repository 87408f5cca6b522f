using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Modules.Uploads.S3UploadWebhook;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.SnsWebhook;

/// <summary>
/// Amazon SNS delivering S3 events over HTTP(S): authenticated by SNS's own message signature, not an API key.
/// A subscription confirmation is confirmed; a notification's message is an S3 event document.
/// </summary>
internal sealed class SnsWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/webhook/sns", Receive)
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

    private static async Task<IResult> Receive(
        HttpRequest request, IMessageBus bus, SnsSignature signature, IHttpClientFactory http, IOptions<SnsOptions> options, ILogger<SnsWebhookEndpoint> logger)
    {
        try
        {
            return await ReceiveAsync(request, bus, signature, http, options, logger);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !request.HttpContext.RequestAborted.IsCancellationRequested))
        {
            // SNS itself did not answer (certificate or confirmation fetch): SNS delivers again later.
            logger.LogWarning("Could not reach SNS while receiving a delivery: {Reason}", e.Message);
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "SNS could not be reached.",
                detail: "The signing certificate or the subscription could not be fetched from SNS; deliver again later.");
        }
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, IMessageBus bus, SnsSignature signature, IHttpClientFactory http, IOptions<SnsOptions> options, ILogger<SnsWebhookEndpoint> logger)
    {
        var ct = request.HttpContext.RequestAborted;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (SnsMessage.Parse(buffer.ToArray()) is not { } message)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an SNS message.",
                detail: "The body must be an SNS HTTP(S) delivery (Type, MessageId, TopicArn, Message, Timestamp, Signature, SigningCertURL).");
        }

        if (!options.Value.AllowedTopicArns.Contains(message.TopicArn, StringComparer.Ordinal))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Unexpected topic.",
                detail: $"Messages from '{message.TopicArn}' are not accepted here.");
        }

        if (await signature.RefusalAsync(message, ct) is { } refusal)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The SNS signature is not valid.", detail: refusal);
        }

        switch (message.Type)
        {
            case SnsMessage.SubscriptionConfirmation when signature.IsTrusted(message.SubscribeUrl):
                using (var confirmation = await http.CreateClient(SnsSignature.HttpClientName).GetAsync(new Uri(message.SubscribeUrl!), ct))
                {
                    if (!confirmation.IsSuccessStatusCode)
                    {
                        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The subscription could not be confirmed.",
                            detail: $"SNS answered {(int)confirmation.StatusCode} to the SubscribeURL.");
                    }
                }

                logger.LogInformation("Confirmed the SNS subscription to {TopicArn}", message.TopicArn);
                return Results.Ok();
            case SnsMessage.SubscriptionConfirmation:
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Untrusted SubscribeURL.",
                    detail: $"'{message.SubscribeUrl}' is not an SNS URL.");
            case SnsMessage.Notification:
                // S3 also publishes an s3:TestEvent (no Records) when the notification is set up: nothing to do.
                var notification = UploadNotification.Parse(System.Text.Encoding.UTF8.GetBytes(message.Message));
                return (await CreatedObjects.ReportAsync(notification.Created, UploadReporter.Sns, bus, ct))?.ToHttp() ?? Results.Ok();
            default:
                return Results.Ok();
        }
    }
}
