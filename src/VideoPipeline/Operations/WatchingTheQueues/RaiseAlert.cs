using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Operations.WatchingTheQueues;

public static class RaiseAlertHandler
{
    public const string HttpClientName = "alerts";

    /// <summary>Logs the incident, and POSTs it to the alert webhook (signed like the upload webhook) when one is set; a failed call is retried by the queue.</summary>
    public static async Task Handle(RaiseAlert alert, IHttpClientFactory http, IOptions<AlertOptions> options, TimeProvider clock, ILogger<RaiseAlert> logger, CancellationToken ct)
    {
        logger.LogWarning("Queue incident: {Incidents} (dead letters {DeadLetters})", string.Join("; ", alert.Incidents), alert.Facts.DeadLetters);
        if (options.Value.WebhookUrl is not { } url)
        {
            return;
        }

        var body = JsonSerializer.Serialize(new
        {
            incidents = alert.Incidents,
            deadLetters = alert.Facts.DeadLetters,
            oldestWaitingSeconds = alert.Facts.OldestWaiting?.TotalSeconds,
            at = alert.Facts.CheckedAt,
        });
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        content.Headers.Add("X-Webhook-Signature",
            TimestampedSignature.Sign(options.Value.WebhookSecret ?? "", clock.GetUtcNow().ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)));
        using var response = await http.CreateClient(HttpClientName).PostAsync(url, content, ct);
        response.EnsureSuccessStatusCode();
    }
}
