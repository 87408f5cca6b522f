using JasperFx.Events.Projections;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;
using VideoPipeline.Modules.Webhooks.ListingDeliveries;
using VideoPipeline.Modules.Webhooks.ListingWebhooks;
using VideoPipeline.Modules.Webhooks.RedeliveringWebhooks;
using VideoPipeline.Modules.Webhooks.RegisteringWebhooks;
using VideoPipeline.Modules.Webhooks.RemovingWebhooks;
using VideoPipeline.Modules.Webhooks.RotatingSecrets;

namespace VideoPipeline.Modules.Webhooks;

/// <summary>
/// Outbound webhooks: owners register endpoints, and every lifecycle event of their videos becomes a signed delivery,
/// retried with exponential backoff for a day. Fed only by the video events (through <see cref="Notifying.WebhookVideoProjection"/>).
/// </summary>
public static class WebhooksModule
{
    public const string Schema = "webhooks";

    /// <summary>Attempts as they come due (<see cref="DeliverWebhook"/>): a durable queue of their own, whose handler admits them to the turns.</summary>
    public const string QueueName = "webhooks";

    /// <summary>This node's own queue of the attempts whose turn came (<see cref="AttemptDelivery"/>): in memory, one per slot.</summary>
    public const string RunQueueName = "webhooks-run";

    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(RegisterWebhookEndpoint), typeof(ListWebhooksEndpoint), typeof(RemoveWebhookEndpoint), typeof(RotateSecretEndpoint),
        typeof(ListDeliveriesEndpoint), typeof(RedeliverEndpoint),
    ];

    public static IServiceCollection AddWebhooksModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhooksOptions>()
            .Bind(configuration.GetSection(WebhooksOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                $"{WebhooksOptions.Section}: Timeout and FirstRetryDelay must be positive, and MaxRetryDelay at least FirstRetryDelay.")
            .Validate(o => o.MaxParallelDeliveries >= 1 && o.MaxParallelPerEndpoint >= 1 && o.MaxParallelPerEndpoint <= o.MaxParallelDeliveries,
                $"{WebhooksOptions.Section}: MaxParallelPerEndpoint must be from 1 to MaxParallelDeliveries.")
            .Validate(o =>
            {
                o.Fairness.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<WebhooksOptions>>().Value);
        var options = configuration.ReadSection<WebhooksOptions>(WebhooksOptions.Section);
        services.AddGuardedHttpClient(WebhookSender.HttpClientName, options.Timeout);
        services.AddSingleton<WebhookSender>();
        services.AddSharedSlots<DeliverySlots>();
        services.AddNotificationSubscriber<Notifying.OwnersWithEndpoints>();
        services.AddSingleton<IConfigureMarten, ProjectForWebhooks>();
        services.AddSingleton(provider => OwnerLimitDefinition.AtOnce(QuotaNames.ParallelWebhookDeliveries, provider.GetRequiredService<WebhooksOptions>().FairnessWithDefaults.CapOf));
        return services;
    }

    public static StoreOptions ConfigureWebhooks(this StoreOptions store)
    {
        // The projection's side effects (the deliveries) are written in the commit of the events that cause them.
        // The projections themselves are added with this node's OwnersWithEndpoints (ProjectForWebhooks).
        store.Events.EnableSideEffectsOnInlineProjections = true;
        store.Schema.For<Notifying.WebhookLiveStreamState>().DatabaseSchemaName(Schema);
        store.Schema.For<Notifying.WebhookVideo>().DatabaseSchemaName(Schema);
        store.Schema.For<WebhookEndpoint>().DatabaseSchemaName(Schema).Index(e => e.OwnerId);
        store.Schema.For<WebhookDelivery>().DatabaseSchemaName(Schema).Index(d => d.EndpointId).UseOptimisticConcurrency(true);
        FairTurns.AddTo(store);
        return store;
    }

    public static WolverineOptions ConfigureWebhooks(this WolverineOptions wolverine, IConfiguration configuration)
    {
        wolverine.Discovery.IncludeAssembly(typeof(WebhooksModule).Assembly);
        wolverine.PublishMessage<DeliverWebhook>().ToLocalQueue(QueueName);
        var options = configuration.ReadSection<WebhooksOptions>(WebhooksOptions.Section);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        // Not durable: an attempt's row in the turns is what outlives a crash (its lease runs out, another node takes it).
        wolverine.PublishMessage<AttemptDelivery>().ToLocalQueue(RunQueueName);
        wolverine.LocalQueue(RunQueueName).BufferedInMemory().MaximumParallelMessages(options.MaxParallelDeliveries);
        return wolverine;
    }

    private sealed class ProjectForWebhooks(Notifying.OwnersWithEndpoints owners) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options)
        {
            options.Projections.Add(new Notifying.WebhookVideoProjection(owners), ProjectionLifecycle.Inline);
            options.Projections.Add(new Notifying.WebhookLiveStreamProjection(owners), ProjectionLifecycle.Inline);
        }
    }
}
