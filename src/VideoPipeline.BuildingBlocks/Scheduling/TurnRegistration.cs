using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Cluster;

namespace VideoPipeline.BuildingBlocks.Scheduling;

public static class TurnRegistration
{
    /// <summary>A shared queue of the module's (<typeparamref name="TSlots"/>), filled on this node by the one <see cref="TurnDispatcher"/>.</summary>
    public static IServiceCollection AddSharedSlots<TSlots>(this IServiceCollection services)
        where TSlots : SharedSlots
    {
        services.TryAddSingleton<FairTurns>();
        services.AddSingleton<TSlots>();
        services.AddSingleton<SharedSlots>(provider => provider.GetRequiredService<TSlots>());
        if (!services.Any(d => d.ServiceType == typeof(TurnDispatcher)))
        {
            services.AddNotificationSubscriber<TurnDispatcher>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<TurnDispatcher>());
        }

        return services;
    }
}
