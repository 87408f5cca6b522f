using JasperFx.Events.Projections;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Usage.Metering;

namespace VideoPipeline.Modules.Usage;

/// <summary>
/// Quotas and usage: the owners' limits (configured defaults, an admin's overrides through <see cref="OwnerLimitsChanged"/>),
/// what the video events give back to the quotas, and usage metered per owner and day (uploaded bytes, stored
/// byte-hours, encoded minutes per rung, API calls, watched minutes). Holding quota is done by the module whose request
/// consumes it, in its own transaction, through <see cref="QuotaLedger"/>.
/// </summary>
public static class UsageModule
{
    public const string QueueName = "usage";

    public static IReadOnlyList<Type> Endpoints { get; } = [typeof(GettingQuotaStandings.GetQuotaStandingEndpoint), typeof(GettingUsage.GetUsageEndpoint)];

    public static IServiceCollection AddUsageModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotaOptions>()
            .Bind(configuration.GetSection(QuotaOptions.Section))
            .Validate(o => QuotaNames.All.All(o.Defaults.ContainsKey) && o.Defaults.All(d => QuotaNames.All.Contains(d.Key) && d.Value >= 0),
                $"{QuotaOptions.Section}:Defaults: every name must be a quota ({string.Join(", ", QuotaNames.All)}) with a limit of 0 or more.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<QuotaOptions>>().Value);
        services.AddOptions<UsageOptions>()
            .Bind(configuration.GetSection(UsageOptions.Section))
            .Validate(o => o.ApiCallFlushInterval > TimeSpan.Zero && o.MaxRangeDays >= 1, $"{UsageOptions.Section}: ApiCallFlushInterval and MaxRangeDays must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<UsageOptions>>().Value);
        services.AddSingleton<ApiCallMeter>();
        services.AddHostedService<ApiCallFlushing>();
        services.AddSingleton<UsageMetrics>();
        services.AddSingleton<IConfigureMarten, ListenToCommittedEvents>();
        return services;
    }

    public static StoreOptions ConfigureUsage(this StoreOptions store)
    {
        foreach (var table in QuotaSchema.Objects().Concat(UsageSchema.Objects()))
        {
            store.Storage.ExtendedSchemaObjects.Add(table);
        }

        store.Projections.Add<Quotas.QuotaReleases>(ProjectionLifecycle.Inline);
        store.Projections.Add<UsageFromEvents>(ProjectionLifecycle.Inline);
        return store;
    }

    /// <summary>
    /// Stored bytes are sampled, and what was given back to the quotas and added to the usage folded in, on Wolverine's recurring
    /// schedule: once per occurrence in the cluster, however many nodes run.
    /// </summary>
    public static WolverineOptions ConfigureUsage(this WolverineOptions wolverine, IConfiguration configuration)
    {
        wolverine.Discovery.IncludeAssembly(typeof(UsageModule).Assembly);
        var options = configuration.ReadSection<UsageOptions>(UsageOptions.Section);
        wolverine.Schedules.ScheduleRecurring(SampleStoredBytesHandler.ScheduleName, options.SampleSchedule, _ => new SampleStoredBytes());
        wolverine.Schedules.ScheduleRecurring(FoldingCounts.FoldCountsHandler.ScheduleName, options.FoldSchedule, _ => new FoldingCounts.FoldCounts());
        wolverine.PublishMessage<WatchedTimeRolledUp>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<OwnerLimitsChanged>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<ImageRendered>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        return wolverine;
    }

    private sealed class ListenToCommittedEvents(UsageMetrics metrics) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(metrics);
    }
}
