using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.Modules.Processing.RetryingFailedVideos;
using VideoPipeline.MediaEngine;
using Wolverine.Postgresql;
using Wolverine.Transports;

namespace VideoPipeline.Modules.Processing;

public static class ProcessingModule
{
    public const string Section = "VideoPipeline:Processing";
    public const string QueueName = "transcode";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } = [typeof(RetryProcessingEndpoint)];

    public static IServiceCollection AddProcessingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProcessingOptions>().Bind(configuration.GetSection(Section));
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
        return store;
    }

    /// <summary>
    /// The transcode queue. Several nodes (<see cref="ClusterMode"/> other than Solo) share a table in PostgreSQL
    /// (Wolverine's PostgreSQL transport) that every node polls, so any node takes queued work (competing consumers) and
    /// work enqueued with an event commits with it (outbox); each node takes at most its own
    /// <see cref="ProcessingOptions.MaxParallelTranscodes"/> at a time and stops taking more while that many are in hand,
    /// so a busy node leaves the rest of the queue to the others. A node on its own (Solo) has nobody to share with: its
    /// queue is a durable local one, persisted in the same database and with the same outbox. Either way transient
    /// failures are retried after each cooldown of the <see cref="RetryBudget"/>, then dead-lettered.
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
                .MaximumMessagesToReceive(parallel)
                .PollingInterval(TimeSpan.FromSeconds(1))
                .UseDurableInbox(new BufferingLimits(parallel, parallel - 1))
                .MaximumParallelMessages(parallel);
        }
        else
        {
            wolverine.PublishMessage<TranscodeVideo>().ToLocalQueue(QueueName);
            wolverine.PublishMessage<ReplayTranscode>().ToLocalQueue(QueueName);
            wolverine.LocalQueue(QueueName).UseDurableInbox().MaximumParallelMessages(parallel);
        }

        wolverine.Policies.Add(options.RetryBudget.ForTranscodes());
        wolverine.Policies.Add(new TranscodeTimeLimit(ProcessingOptions.AttemptTimeLimit(media)));
        return wolverine;
    }
}
