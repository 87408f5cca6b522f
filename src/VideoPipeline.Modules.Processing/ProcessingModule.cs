using JasperFx.Events.Projections;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Processing.RetryingFailedVideos;
using VideoPipeline.MediaEngine;
using Wolverine.Postgresql;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.Modules.Processing.Scheduling;

namespace VideoPipeline.Modules.Processing;

public static class ProcessingModule
{
    public const string Section = "VideoPipeline:Processing";
    public const string QueueName = "transcode";

    /// <summary>This node's own queue of the transcodes whose turn came (<see cref="TurnDispatcher"/>): in memory, one per slot.</summary>
    public const string RunQueueName = "transcode-run";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } = [typeof(RetryProcessingEndpoint)];

    public static IServiceCollection AddProcessingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProcessingOptions>()
            .Bind(configuration.GetSection(Section))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddOptions<MediaOptions>()
            .Bind(configuration.GetSection(Section))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        // Several nodes may share a machine: unless one is configured, each gets a temp root named after it, so the
        // start-up cleanup of one never touches another's jobs, and a node that comes back finds its own leftovers.
        if (string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(MediaOptions.TempRoot)}"]))
        {
            var node = NodeIdentity.From(configuration);
            services.PostConfigure<MediaOptions>(options =>
                options.TempRoot = Path.Combine(Path.GetTempPath(), "videopipeline", node.AsPathSegment()));
        }

        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MediaOptions>>().Value);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ProcessingOptions>>().Value);
        services.AddSingleton<ProcessingMetrics>();
        services.AddSharedSlots<TranscodeSlots>();
        services.AddHostedService<QueuedTranscodesCarriedOver>();
        services.AddSingleton<IConfigureMarten, WakeDispatchersOnLandingRegistration>();
        services.AddNotificationSubscriber<PlaylistChanges>();
        // What an admin may set per owner (limits of /admin/owners): the cost of one job (no higher than the costliest
        // configured, which the queue's time limit follows) and the owner's transcodes at once.
        services.AddSingleton(provider =>
        {
            var jobCost = provider.GetRequiredService<ProcessingOptions>().JobCost;
            return new OwnerLimitDefinition(QuotaNames.TranscodeGigapixelsPerJob, 1, Math.Max(1, (long)Math.Floor(jobCost.HighestLimit)), owner => jobCost.LimitOf(owner));
        });
        services.AddSingleton(provider => OwnerLimitDefinition.AtOnce(QuotaNames.ParallelTranscodes, provider.GetRequiredService<ProcessingOptions>().Fairness.CapOf));
        // Registered before Wolverine's own hosted service starts listening, so no job runs until the cleanup is done.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupCleanup>());
        return services;
    }

    public static StoreOptions ConfigureProcessing(this StoreOptions store)
    {
        store.Events.AddEventTypes(
        [
            typeof(ProcessingStarted), typeof(ProcessingProgressed), typeof(SourceInspected),
            typeof(StreamingStarted), typeof(StreamRenditionReady), typeof(StreamingReady),
            typeof(RenditionReady), typeof(ThumbnailReady), typeof(StoryboardReady),
            typeof(ProcessingCompleted), typeof(ProcessingAttemptFailed), typeof(ProcessingRetryRequested),
        ]);
        // Recorded by earlier versions only; registered so their streams still load.
        store.Events.AddEventTypes([typeof(OriginalReady), typeof(HlsReady)]);
        store.Projections.LiveStreamAggregation<TranscodeJob>();
        store.Projections.Add<AdmitLandedUploads>(ProjectionLifecycle.Inline);
        FairTurns.AddTo(store);
        return store;
    }

    /// <summary>
    /// The transcode queues. An upload that lands is admitted to the turns of the <see cref="TranscodeSlots"/> in the
    /// commit of its <see cref="UploadCompleted"/> (<see cref="AdmitLandedUploads"/>). A retry's <see cref="TranscodeVideo"/>,
    /// sent in the commit of the event that causes it (outbox), reaches the intake queue "transcode": a durable local queue
    /// on a node on its own (Solo), a table in PostgreSQL that every node polls when clustered (Wolverine's PostgreSQL
    /// transport); its handler only admits the job to the same turns. There the <see cref="FairChoice"/> gives each free slot of the cluster to the owner with
    /// the least work in hand; each node's <see cref="TurnDispatcher"/> fills its own slots from there, through its run
    /// queue of <see cref="ProcessingOptions.MaxParallelTranscodes"/> at a time. Transient failures are retried after each
    /// cooldown of the <see cref="RetryBudget"/> (the job keeps its slot), then dead-lettered.
    /// </summary>
    public static WolverineOptions ConfigureProcessing(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var options = configuration.ReadSection<ProcessingOptions>(Section);
        var media = configuration.ReadSection<MediaOptions>(Section);
        var parallel = options.ResolveMaxParallelTranscodes();
        wolverine.Discovery.IncludeAssembly(typeof(ProcessingModule).Assembly);
        if (ClusterMode.IsClustered(configuration))
        {
            wolverine.PublishMessage<TranscodeVideo>().ToPostgresqlQueue(QueueName);
            wolverine.PublishMessage<ReplayTranscode>().ToPostgresqlQueue(QueueName);
            wolverine.ListenToPostgresqlQueue(QueueName)
                .PollingInterval(TimeSpan.FromSeconds(1))
                .UseDurableInbox();
        }
        else
        {
            wolverine.PublishMessage<TranscodeVideo>().ToLocalQueue(QueueName);
            wolverine.PublishMessage<ReplayTranscode>().ToLocalQueue(QueueName);
            wolverine.LocalQueue(QueueName).UseDurableInbox();
        }

        // Not durable: a job's row in the turns is what outlives a crash (its lease runs out, another node takes it).
        wolverine.PublishMessage<RunTranscode>().ToLocalQueue(RunQueueName);
        wolverine.LocalQueue(RunQueueName).BufferedInMemory().MaximumParallelMessages(parallel);
        wolverine.Policies.AddMiddleware(typeof(TranscodeTurnEnds), TranscodeTurnEnds.Applies);
        wolverine.Policies.Add(options.RetryBudget.ForTranscodes());
        wolverine.Policies.Add(new TranscodeTimeLimit(options.AttemptTimeLimit(media)));
        return wolverine;
    }

    private sealed class WakeDispatchersOnLandingRegistration(ClusterAnnouncer announcer) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new WakeDispatchersOnLanding(announcer));
    }
}
