using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace VideoPipeline.BuildingBlocks.Cluster;

public static class ClusterNotificationRegistration
{
    /// <summary>This node's one <see cref="ClusterAnnouncer"/> and one <see cref="ClusterListener"/>, whoever asks first.</summary>
    public static IServiceCollection AddClusterNotifications(this IServiceCollection services)
    {
        services.TryAddSingleton<ClusterAnnouncer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterAnnouncerService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterListener>());
        return services;
    }

    /// <summary>A subscriber of <see cref="ClusterListener"/>, kept as the one <typeparamref name="TSubscriber"/> singleton.</summary>
    public static IServiceCollection AddNotificationSubscriber<TSubscriber>(this IServiceCollection services)
        where TSubscriber : class, INotificationSubscriber
    {
        services.AddClusterNotifications();
        if (services.Any(d => d.ServiceType == typeof(TSubscriber)))
        {
            return services;
        }

        services.AddSingleton<TSubscriber>();
        services.AddSingleton<INotificationSubscriber>(provider => provider.GetRequiredService<TSubscriber>());
        return services;
    }

    /// <summary>Runs the one <see cref="ClusterAnnouncer"/> singleton as a hosted service (registered once, whatever asks for it).</summary>
    private sealed class ClusterAnnouncerService(ClusterAnnouncer announcer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => announcer.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => announcer.StopAsync(cancellationToken);
    }
}
