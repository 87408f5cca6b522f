using JasperFx.Events.Projections;
using VideoPipeline.BuildingBlocks.Network;
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

    /// <summary>Deliveries: a queue of their own, bounded, so a slow receiver never holds up processing or other queues.</summary>
    public const string QueueName = "webhooks";

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
            .Validate(o => o.MaxParallelPerOwner >= 0 && o.ParallelPerOwner <= o.MaxParallelDeliveries,
                $"{WebhooksOptions.Section}: MaxParallelPerOwner must be from 0 (half of MaxParallelDeliveries) to MaxParallelDeliveries.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<WebhooksOptions>>().Value);
        var options = configuration.ReadSection<WebhooksOptions>(WebhooksOptions.Section);
        services.AddGuardedHttpClient(WebhookSender.HttpClientName, options.Timeout);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<EndpointSlots>();
        services.AddSingleton<OwnerDeliverySlots>();
        return services;
    }

    public static StoreOptions ConfigureWebhooks(this StoreOptions store)
    {
        // The projection's side effects (the deliveries) are written in the commit of the events that cause them.
        store.Events.EnableSideEffectsOnInlineProjections = true;
        store.Projections.Add<Notifying.WebhookVideoProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<Notifying.WebhookVideo>().DatabaseSchemaName(Schema);
        store.Schema.For<WebhookEndpoint>().DatabaseSchemaName(Schema).Index(e => e.OwnerId);
        store.Schema.For<WebhookDelivery>().DatabaseSchemaName(Schema).Index(d => d.EndpointId).UseOptimisticConcurrency(true);
        return store;
    }

    public static WolverineOptions ConfigureWebhooks(this WolverineOptions wolverine, IConfiguration configuration)
    {
        wolverine.Discovery.IncludeAssembly(typeof(WebhooksModule).Assembly);
        wolverine.PublishMessage<DeliverWebhook>().ToLocalQueue(QueueName);
        var options = configuration.ReadSection<WebhooksOptions>(WebhooksOptions.Section);
        wolverine.LocalQueue(QueueName).UseDurableInbox().MaximumParallelMessages(options.MaxParallelDeliveries);
        return wolverine;
    }
}
