using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace VideoPipeline.Modules.Playback;

public static class PlaybackModule
{
    public const string Schema = "playback";

    public static IServiceCollection AddPlaybackModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaybackOptions>()
            .Bind(configuration.GetSection(PlaybackOptions.Section))
            .Validate(o => o.UrlLifetime > TimeSpan.Zero && o.UrlLifetime <= TimeSpan.FromDays(7),
                $"{PlaybackOptions.Section}:UrlLifetime must be more than zero and at most 7 days.")
            .ValidateOnStart();
        return services;
    }

    public static StoreOptions ConfigurePlayback(this StoreOptions store)
    {
        store.Projections.Add<PlayableVideoProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<PlayableVideo>().DatabaseSchemaName(Schema);
        return store;
    }

    public static WolverineOptions ConfigurePlayback(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(PlaybackModule).Assembly);
        return wolverine;
    }
}
