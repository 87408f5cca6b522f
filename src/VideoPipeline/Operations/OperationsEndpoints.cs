using Marten;
using Microsoft.AspNetCore.RateLimiting;
using OpenTelemetry.Metrics;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.Operations.LiveUpdates;
using VideoPipeline.Operations.WatchingTheQueues;

namespace VideoPipeline.Operations;

public static class OperationsEndpoints
{
    /// <summary>Metrics (OpenTelemetry, Prometheus text at <c>/metrics</c>), live changes (SSE), the queue check and the API documents.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQueueHealth(configuration);
        services.AddSingleton<VideoMetrics>();
        services.AddSingleton<QueueGauges>();
        var liveChanges = configuration.ReadSection<LiveChangesOptions>(LiveChangesOptions.Section).Validated();
        services.AddSingleton(liveChanges);
        services.AddSingleton(new ChangeStreamSlots(liveChanges));
        services.AddSingleton<VideoChanges>();
        services.AddSingleton<CommittedEvents>();
        services.AddNotificationSubscriber<CommittedChanges>();
        services.AddHostedService(provider => provider.GetRequiredService<CommittedChanges>());
        services.AddSingleton<IConfigureMarten, ListenToCommittedEvents>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServiceMeter.Name)
            // Npgsql's own: commands sent (a batch is one round trip) and their time, per connection pool; bench/load.sh counts round trips a request with it.
            .AddMeter("Npgsql")
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services.AddApiDocs();
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // Created now, so the gauges exist from the first scrape.
        app.Services.GetRequiredService<QueueGauges>();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        // A long-lived stream: one request, however long it stays open.
        app.MapVideoChanges();
        return app.MapApiDocs();
    }

    private sealed class ListenToCommittedEvents(VideoMetrics metrics, ClusterAnnouncer announcer) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options)
        {
            options.Listeners.Add(metrics);
            options.Listeners.Add(new AnnounceCommittedEvents(announcer));
        }
    }
}
