using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.BuildingBlocks.Tenants;
using VideoPipeline.Modules.Tenants.Directory;

namespace VideoPipeline.Modules.Tenants;

/// <summary>
/// Owners and their API keys as data: admins create, limit and suspend owners; owners create, list and revoke their
/// keys, and keep the signing keys and playback restrictions of the tokens they sign (answering the playback check's
/// <see cref="IPlaybackKeys"/>). Tells the rest of the service through <see cref="OwnerLimitsChanged"/> and <see cref="OwnerReinstated"/>, and
/// answers authentication and the scheduler's <see cref="IOwnerStanding"/> from <see cref="TenantDirectory"/>.
/// </summary>
public static class TenantsModule
{
    public const string Schema = "tenants";

    /// <summary>The owner messages wait here for whoever handles them (the scheduler), durable like every module's queue.</summary>
    public const string QueueName = "tenants";

    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(CreatingOwners.CreateOwnerEndpoint), typeof(ListingOwners.ListOwnersEndpoint), typeof(GettingOwners.GetOwnerEndpoint), typeof(ChangingOwners.ChangeOwnerEndpoint),
        typeof(CreatingKeys.CreateKeyEndpoint), typeof(ListingKeys.ListKeysEndpoint), typeof(RevokingKeys.RevokeKeyEndpoint),
        typeof(CreatingSigningKeys.CreateSigningKeyEndpoint), typeof(ListingSigningKeys.ListSigningKeysEndpoint), typeof(DeletingSigningKeys.DeleteSigningKeyEndpoint),
        typeof(CreatingPlaybackRestrictions.CreatePlaybackRestrictionEndpoint), typeof(ListingPlaybackRestrictions.ListPlaybackRestrictionsEndpoint),
        typeof(DeletingPlaybackRestrictions.DeletePlaybackRestrictionEndpoint),
    ];

    public static IServiceCollection AddTenantsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenantsOptions>()
            .Bind(configuration.GetSection(TenantsOptions.Section))
            .Validate(o => o.LastUseResolution > TimeSpan.Zero, $"{TenantsOptions.Section}: LastUseResolution must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TenantsOptions>>().Value);
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<IOwnerStanding>(provider => provider.GetRequiredService<TenantDirectory>());
        services.AddNotificationSubscriber<TenantChanges>();
        services.AddSingleton<IPlaybackKeys>(provider => provider.GetRequiredService<TenantDirectory>());
        return services;
    }

    public static StoreOptions ConfigureTenants(this StoreOptions store)
    {
        store.Schema.For<TenantOwner>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true);
        store.Schema.For<StoredKey>().DatabaseSchemaName(Schema).UniqueIndex(k => k.Hash).Index(k => k.OwnerId);
        store.Schema.For<StoredSigningKey>().DatabaseSchemaName(Schema).Index(k => k.OwnerId);
        store.Schema.For<StoredPlaybackRestriction>().DatabaseSchemaName(Schema).Index(r => r.OwnerId);
        return store;
    }

    public static WolverineOptions ConfigureTenants(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(TenantsModule).Assembly);
        // The scheduler's handler of a reinstatement (a building block's, so named here, once) wakes every node's dispatcher.
        wolverine.Discovery.IncludeType(typeof(OwnerReinstatedHandler));
        wolverine.PublishMessage<OwnerReinstated>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        return wolverine;
    }
}
