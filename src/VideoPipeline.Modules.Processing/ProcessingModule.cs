using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.Transcoding;
using Wolverine;
using Wolverine.ErrorHandling;

namespace VideoPipeline.Modules.Processing;

public static class ProcessingModule
{
    public static IServiceCollection AddProcessingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranscodeOptions>()
            .Bind(configuration.GetSection(ProcessingQueueOptions.Section))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddOptions<ProcessingQueueOptions>().Bind(configuration.GetSection(ProcessingQueueOptions.Section));
        services.AddSingleton<ProcessingMetrics>();
        // Registered before Wolverine's own hosted service starts listening, so no job runs until the cleanup is done.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, StartupCleanup>());
        return services;
    }

    public static StoreOptions ConfigureProcessing(this StoreOptions store)
    {
        store.Events.AddEventType<ProcessingStarted>();
        store.Events.AddEventType<ProcessingProgressed>();
        store.Events.AddEventType<SourceInspected>();
        store.Events.AddEventType<OriginalReady>();
        store.Events.AddEventType<RenditionReady>();
        store.Events.AddEventType<ThumbnailReady>();
        store.Events.AddEventType<HlsReady>();
        store.Events.AddEventType<ProcessingCompleted>();
        store.Events.AddEventType<ProcessingAttemptFailed>();
        store.Events.AddEventType<ProcessingRetryRequested>();
        store.Projections.LiveStreamAggregation<TranscodeJob>();
        return store;
    }

    /// <summary>
    /// The transcode queue: durable (persisted in Postgres, survives a crash), bounded so ffmpeg never
    /// oversubscribes the CPU, transient failures retried with cooldown, then dead-lettered.
    /// </summary>
    public static WolverineOptions ConfigureProcessing(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var section = configuration.GetSection(ProcessingQueueOptions.Section);
        var transcode = section.Get<TranscodeOptions>() ?? new TranscodeOptions();
        var queue = section.Get<ProcessingQueueOptions>() ?? new ProcessingQueueOptions();

        wolverine.Discovery.IncludeAssembly(typeof(ProcessingModule).Assembly);
        wolverine.PublishMessage<Contracts.TranscodeVideo>().ToLocalQueue(ProcessingQueueOptions.QueueName);
        wolverine.LocalQueue(ProcessingQueueOptions.QueueName)
            .UseDurableInbox()
            .MaximumParallelMessages(transcode.ResolveMaxParallelTranscodes());
        wolverine.Policies.Add(new TranscodeRetryPolicy(queue.EffectiveRetryCooldowns));
        return wolverine;
    }
}
