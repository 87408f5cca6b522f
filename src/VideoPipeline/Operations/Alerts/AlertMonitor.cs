using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VideoPipeline.Operations.Alerts;

/// <summary>
/// Looks at the queue every <see cref="AlertOptions.CheckPeriod"/>: when an incident starts it logs a Warning and calls
/// the alert webhook once; when it clears it says so, and the next incident alerts again.
/// </summary>
internal sealed class AlertMonitor(
    QueueWatch watch, IHttpClientFactory http, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertMonitor> logger) : BackgroundService
{
    public const string HttpClientName = "alerts";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckPeriod);
        var inIncident = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var state = await watch.ReadAsync(stoppingToken);
                if (state.Incidents.Count > 0 && !inIncident)
                {
                    logger.LogWarning("Queue incident: {Incidents} (dead letters {DeadLetters})", string.Join("; ", state.Incidents), state.DeadLetters);
                    await NotifyAsync(state, stoppingToken);
                    inIncident = true;
                }
                else if (state.Incidents.Count == 0 && inIncident)
                {
                    logger.LogInformation("Queue incident cleared (dead letters {DeadLetters})", state.DeadLetters);
                    inIncident = false;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database or the receiver is down: readiness shows the first, the next tick retries the second.
                logger.LogWarning(e, "Checking the queue for incidents failed");
            }
        }
    }

    private async Task NotifyAsync(QueueState state, CancellationToken ct)
    {
        if (options.Value.WebhookUrl is not { } url)
        {
            return;
        }

        var body = JsonSerializer.Serialize(new
        {
            incidents = state.Incidents,
            deadLetters = state.DeadLetters,
            oldestWaitingSeconds = state.OldestWaiting?.TotalSeconds,
            at = clock.GetUtcNow(),
        });
        var t = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.WebhookSecret ?? ""), Encoding.UTF8.GetBytes($"{t}.{body}"));
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        content.Headers.Add("X-Webhook-Signature", $"t={t},v1={Convert.ToHexStringLower(mac)}");
        using var response = await http.CreateClient(HttpClientName).PostAsync(url, content, ct);
        response.EnsureSuccessStatusCode();
    }
}
