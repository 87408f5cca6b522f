using JasperFx.Events.Projections;
using Microsoft.Extensions.Hosting;
using Npgsql;
using VideoPipeline.Modules.Analytics.RecordingBeacons;
using VideoPipeline.Modules.Analytics.RollingUpViews;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics;

/// <summary>
/// Viewer analytics: players' beacons in, stored by COPY into day partitions, rolled up per view, video, owner and day
/// once per cluster on a schedule, and reported per video and per owner. Needs the playback check
/// (<see cref="BuildingBlocks.Security.PlaybackGate"/>) the Playback module registers.
/// </summary>
public static class AnalyticsModule
{
    public const string Schema = AnalyticsTables.Schema;

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(RecordBeaconEndpoint), typeof(GettingVideoAnalytics.GetVideoAnalyticsEndpoint), typeof(GettingOwnerAnalytics.GetOwnerAnalyticsEndpoint),
    ];

    public static IServiceCollection AddAnalyticsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>()
            .Bind(configuration.GetSection(AnalyticsOptions.Section))
            .Validate(o => o.RawRetentionDays >= 1, $"{AnalyticsOptions.Section}:RawRetentionDays must be at least 1.")
            .Validate(o => o.GrantGrace >= TimeSpan.Zero, $"{AnalyticsOptions.Section}:GrantGrace must not be negative.")
            .Validate(o => o.MaxBeaconBytes >= 1024 && o.MaxEventsPerBeacon >= 1 && o.BeaconsPerViewPerMinute >= 1,
                $"{AnalyticsOptions.Section}: MaxBeaconBytes must be at least 1024, MaxEventsPerBeacon and BeaconsPerViewPerMinute at least 1.")
            .Validate(o => o.MaxWaitingBeacons >= 1 && o.MaxEventsPerWrite >= 1 && o.ViewsPerRollupStep >= 1,
                $"{AnalyticsOptions.Section}: MaxWaitingBeacons, MaxEventsPerWrite and ViewsPerRollupStep must be at least 1.")
            .ValidateOnStart();
        services.AddCors(BeaconCors.Add);
        services.AddSingleton<ViewerHash>();
        services.AddSingleton<BeaconRateLimit>();
        services.AddSingleton<AnalyticsMetrics>();
        services.AddSingleton<BeaconWriter>();
        services.AddHostedService<AnalyticsSchema>();
        services.AddHostedService(provider => provider.GetRequiredService<BeaconWriter>());
        return services;
    }

    public static StoreOptions ConfigureAnalytics(this StoreOptions store)
    {
        store.Projections.Add<AnalyticsVideoProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<AnalyticsVideo>().DatabaseSchemaName(Schema);
        return store;
    }

    /// <summary>The rollup runs on Wolverine's recurring schedule: one agent in the cluster keeps its next occurrence scheduled.</summary>
    public static WolverineOptions ConfigureAnalytics(this WolverineOptions wolverine, IConfiguration configuration)
    {
        wolverine.Discovery.IncludeAssembly(typeof(AnalyticsModule).Assembly);
        var options = configuration.ReadSection<AnalyticsOptions>(AnalyticsOptions.Section);
        wolverine.Schedules.ScheduleRecurring(RollUpViewsHandler.ScheduleName, options.RollupSchedule, _ => new RollUpViews());
        return wolverine;
    }

    /// <summary>Creates the module's tables (idempotent, one node at a time) before the service takes requests.</summary>
    private sealed class AnalyticsSchema(NpgsqlDataSource database, TimeProvider clock) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await AnalyticsTables.CreateAsync(
                database, async (connection, ct) => await DayRollup.SaveAsync(connection, await ViewRollup.CountAllAsync(connection, ct), new Dictionary<Guid, string>(), ct),
                cancellationToken);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await AnalyticsTables.EnsurePartitionsAsync(connection, [today, today.AddDays(1)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
