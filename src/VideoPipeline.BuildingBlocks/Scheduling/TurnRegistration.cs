using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace VideoPipeline.BuildingBlocks.Scheduling;

public static class TurnRegistration
{
    /// <summary>A shared queue of the module's (<typeparamref name="TQueue"/>), filled on this node by the one <see cref="TurnDispatcher"/>.</summary>
    public static IServiceCollection AddSharedSlots<TQueue>(this IServiceCollection services)
        where TQueue : SharedSlots
    {
        services.TryAddSingleton<FairTurns>();
        services.AddSingleton<TQueue>();
        services.AddSingleton<SharedSlots>(provider => provider.GetRequiredService<TQueue>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TurnDispatcher>());
        return services;
    }
}
