using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// POSTs a delivery's body to its endpoint through the network guard, signed as
/// <c>VideoPipeline-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>, and says how it went.
/// Redirects are not followed: a 3xx is a failed attempt, like any answer but a 2xx.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "VideoPipeline-Signature";
    public const string EventIdHeader = "VideoPipeline-Event-Id";
    public const string EventTypeHeader = "VideoPipeline-Event-Type";

    public async Task<AttemptOutcome> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, DateTimeOffset at, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, TimestampedSignature.Sign(endpoint.Secret, at.ToUnixTimeSeconds(), body));
        request.Headers.Add(EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(EventTypeHeader, delivery.EventType);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("VideoPipeline-Webhooks", "1"));
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return new AttemptOutcome(status, response.IsSuccessStatusCode ? null : $"The endpoint answered HTTP {status} {response.ReasonPhrase}.", clock.Elapsed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptOutcome(null, "The endpoint did not answer in time.", clock.Elapsed);
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRequestRefusedException refused)
        {
            return new AttemptOutcome(null, $"Refused by the network guard: {refused.Reason}", clock.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome(null, $"The endpoint could not be reached: {e.Message}", clock.Elapsed);
        }
    }
}
