using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TurnDispatcher>());
        return services;
    }
}
