using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VideoPipeline.Operations.WatchingTheQueues;

/// <summary>Readiness reports the incident the last queue check found as Degraded, with what it is.</summary>
public sealed class QueueHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var health = await session.LoadAsync<QueueHealth>(QueueHealth.DocumentId, cancellationToken);
        var data = new Dictionary<string, object>();
        if (health?.Facts is { } facts)
        {
            data["deadLetters"] = facts.DeadLetters;
            data["checkedAt"] = facts.CheckedAt;
            if (facts.OldestWaiting is { } waiting)
            {
                data["oldestWaitingSeconds"] = Math.Round(waiting.TotalSeconds);
            }
        }

        return health is { Incidents.Count: > 0 }
            ? HealthCheckResult.Degraded(string.Join("; ", health.Incidents), data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}
