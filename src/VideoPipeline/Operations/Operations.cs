using Marten;
using Microsoft.AspNetCore.RateLimiting;
using OpenTelemetry.Metrics;
using VideoPipeline.Operations.Alerts;

namespace VideoPipeline.Operations;

public static class Operations
{
    /// <summary>Metrics (OpenTelemetry, Prometheus text at <c>/metrics</c>), queue alerts and the API documents.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQueueAlerts(configuration);
        services.AddSingleton<VideoMetrics>();
        services.AddSingleton<IConfigureMarten, CountEventsInMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(VideoMetrics.MeterName)
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services.AddApiDocs();
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        return app.MapApiDocs();
    }

    private sealed class CountEventsInMetrics(VideoMetrics metrics) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(metrics);
    }
}
