using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Tenants;
using VideoPipeline.Modules.Tenants.Directory;

namespace VideoPipeline.Modules.Tenants;

/// <summary>
/// Owners and their API keys as data: admins create, limit and suspend owners; owners create, list and revoke their
/// keys. Tells the rest of the service through <see cref="OwnerLimitsChanged"/>, <see cref="OwnerSuspended"/> and
/// <see cref="OwnerReinstated"/>, and answers authentication and <see cref="OwnerWorkGate"/> from <see cref="TenantDirectory"/>.
/// </summary>
public static class TenantsModule
{
    public const string Schema = "tenants";

    /// <summary>The owner messages wait here for whoever handles them (quotas), durable like every module's queue.</summary>
    public const string QueueName = "tenants";

    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(CreatingOwners.CreateOwnerEndpoint), typeof(ListingOwners.ListOwnersEndpoint), typeof(GettingOwners.GetOwnerEndpoint), typeof(ChangingOwners.ChangeOwnerEndpoint),
        typeof(CreatingKeys.CreateKeyEndpoint), typeof(ListingKeys.ListKeysEndpoint), typeof(RevokingKeys.RevokeKeyEndpoint),
    ];

    public static IServiceCollection AddTenantsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenantsOptions>()
            .Bind(configuration.GetSection(TenantsOptions.Section))
            .Validate(o => o.SuspendedWorkRecheck > TimeSpan.Zero && o.LastUseResolution > TimeSpan.Zero,
                $"{TenantsOptions.Section}: SuspendedWorkRecheck and LastUseResolution must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TenantsOptions>>().Value);
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<IOwnerStanding>(provider => provider.GetRequiredService<TenantDirectory>());
        services.AddSingleton(provider => new OwnerWorkGate(provider.GetRequiredService<IOwnerStanding>(), provider.GetRequiredService<TenantsOptions>().SuspendedWorkRecheck));
        services.AddSingleton<IHostedService, TenantChanges>();
        return services;
    }

    public static StoreOptions ConfigureTenants(this StoreOptions store)
    {
        store.Schema.For<TenantOwner>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true);
        store.Schema.For<StoredKey>().DatabaseSchemaName(Schema).UniqueIndex(k => k.Hash).Index(k => k.OwnerId);
        return store;
    }

    public static WolverineOptions ConfigureTenants(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(TenantsModule).Assembly);
        wolverine.PublishMessage<OwnerSuspended>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<OwnerReinstated>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        return wolverine;
    }
}
