using Marten;
using VideoPipeline.BuildingBlocks.Configuration;
using Wolverine;

namespace VideoPipeline.Operations.WatchingTheQueues;

public static class QueueHealthRegistration
{
    public static IServiceCollection AddQueueHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.Section))
            .Validate(o => o.WebhookUrl is null || !string.IsNullOrEmpty(o.WebhookSecret), $"{AlertOptions.Section}:WebhookSecret must be set with a WebhookUrl.")
            .ValidateOnStart();
        services.AddHttpClient(RaiseAlertHandler.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHealthChecks().AddCheck<QueueHealthCheck>("queue", tags: [Health.HealthEndpoints.ReadyTag]);
        services.ConfigureMarten(store => store.Schema.For<QueueHealth>().DatabaseSchemaName("operations").UseOptimisticConcurrency(true));
        return services;
    }

    /// <summary>
    /// The check runs on Wolverine's recurring schedule: one agent in the cluster keeps the next occurrence scheduled, so
    /// however many nodes run, the queue is looked at once per occurrence. Alerts go through the durable queue, retried.
    /// </summary>
    public static WolverineOptions ConfigureQueueHealth(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var options = configuration.ReadSection<AlertOptions>(AlertOptions.Section);
        wolverine.Schedules.ScheduleRecurring(CheckQueueHealthHandler.ScheduleName, options.CheckSchedule, _ => new CheckQueueHealth());
        wolverine.PublishMessage<RaiseAlert>().ToLocalQueue("operations");
        wolverine.LocalQueue("operations").UseDurableInbox();
        return wolverine;
    }
}
