using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Configuration;

namespace VideoPipeline.BuildingBlocks.Network;

public static class NetworkGuardRegistration
{
    /// <summary>The guard, configured from <see cref="NetworkGuardOptions.Section"/>, shared by every guarded client.</summary>
    public static IServiceCollection AddNetworkGuard(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(new NetworkGuard(configuration.ReadSection<NetworkGuardOptions>(NetworkGuardOptions.Section)));

    /// <summary>
    /// A named client for requests made on a user's behalf: every connection judged by the <see cref="NetworkGuard"/>, and
    /// every request bounded by <paramref name="timeout"/> (connecting included).
    /// </summary>
    public static IHttpClientBuilder AddGuardedHttpClient(this IServiceCollection services, string name, TimeSpan timeout) =>
        services.AddHttpClient(name, client => client.Timeout = timeout)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<NetworkGuard>().CreateHandler(timeout))
            // The guard's handler is the only handler: no logging handler that would write a user's URL, query and all.
            .RemoveAllLoggers();
}
