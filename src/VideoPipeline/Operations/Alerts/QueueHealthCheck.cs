using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VideoPipeline.Operations.Alerts;

/// <summary>Readiness reports an incident in the queue as Degraded, with what it is.</summary>
public sealed class QueueHealthCheck(QueueWatch watch) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await watch.ReadAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["deadLetters"] = state.DeadLetters };
        if (state.OldestWaiting is { } waiting)
        {
            data["oldestWaitingSeconds"] = Math.Round(waiting.TotalSeconds);
        }

        return state.Incidents.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded(string.Join("; ", state.Incidents), data: data);
    }
}
