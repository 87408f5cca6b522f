namespace VideoPipeline.Operations.Alerts;

public static class AlertsRegistration
{
    public static IServiceCollection AddQueueAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.Section))
            .Validate(o => o.CheckPeriod > TimeSpan.Zero, $"{AlertOptions.Section}:CheckPeriod must be positive.")
            .Validate(o => o.WebhookUrl is null || !string.IsNullOrEmpty(o.WebhookSecret), $"{AlertOptions.Section}:WebhookSecret must be set with a WebhookUrl.")
            .ValidateOnStart();
        services.AddSingleton<QueueWatch>();
        services.AddHttpClient(AlertMonitor.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<AlertMonitor>();
        services.AddHealthChecks().AddCheck<QueueHealthCheck>("queue", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}
