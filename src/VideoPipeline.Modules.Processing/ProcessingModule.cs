using Microsoft.Extensions.Hosting;
using VideoPipeline.Modules.Processing.RetryProcessing;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing;

public static class ProcessingModule
{
    public const string Section = "VideoPipeline:Processing";
    public const string QueueName = "transcode";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } = [typeof(RetryProcessingEndpoint)];

    public static IServiceCollection AddProcessingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranscodeOptions>()
            .Bind(configuration.GetSection(Section))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TranscodeOptions>>().Value);
        services.AddSingleton<ProcessingMetrics>();
        // Registered before Wolverine's own hosted service starts listening, so no job runs until the cleanup is done.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupCleanup>());
        return services;
    }

    public static StoreOptions ConfigureProcessing(this StoreOptions store)
    {
        store.Events.AddEventType<ProcessingStarted>();
        store.Events.AddEventType<ProcessingProgressed>();
        store.Events.AddEventType<SourceInspected>();
        store.Events.AddEventType<StreamingStarted>();
        store.Events.AddEventType<StreamRenditionReady>();
        store.Events.AddEventType<StreamingReady>();
        store.Events.AddEventType<RenditionReady>();
        store.Events.AddEventType<ThumbnailReady>();
        // Recorded by earlier versions only; registered so their streams still load.
        store.Events.AddEventType<OriginalReady>();
        store.Events.AddEventType<HlsReady>();
        store.Events.AddEventType<ProcessingCompleted>();
        store.Events.AddEventType<ProcessingAttemptFailed>();
        store.Events.AddEventType<ProcessingRetryRequested>();
        store.Projections.LiveStreamAggregation<TranscodeJob>();
        return store;
    }

    /// <summary>
    /// The transcode queue: durable (persisted in Postgres, survives a crash), bounded so ffmpeg never oversubscribes the
    /// CPU, transient failures retried after each cooldown of the <see cref="RetryBudget"/>, then dead-lettered.
    /// </summary>
    public static WolverineOptions ConfigureProcessing(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<TranscodeOptions>() ?? new TranscodeOptions();
        wolverine.Discovery.IncludeAssembly(typeof(ProcessingModule).Assembly);
        wolverine.PublishMessage<Contracts.TranscodeVideo>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<ReplayTranscode>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName)
            .UseDurableInbox()
            .MaximumParallelMessages(options.ResolveMaxParallelTranscodes());
        wolverine.Policies.Add(options.RetryBudget.ForTranscodes());
        wolverine.Policies.Add(new TranscodeTimeLimit(options.AttemptTimeLimit));
        return wolverine;
    }
}
