using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoPipeline.BuildingBlocks.EventStreams;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Uploads.IngestingFromUrls;
using VideoPipeline.Modules.Uploads.ReceivingSnsNotifications;
using VideoPipeline.Modules.Uploads.CompletingUploads;
using VideoPipeline.Modules.Uploads.ReceivingS3Notifications;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Modules.Uploads.RequestingUploads;

namespace VideoPipeline.Modules.Uploads;

public static class UploadsModule
{
    public const string QueueName = "uploads";

    /// <summary>Downloads of source URLs as they come due (<see cref="IngestFromUrl"/>): a durable queue of their own, whose handler admits them to the turns.</summary>
    public const string IngestQueueName = "ingest";

    /// <summary>This node's own queue of the downloads whose turn came (<see cref="RunIngest"/>): in memory, one per slot.</summary>
    public const string IngestRunQueueName = "ingest-run";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(RequestUploadEndpoint), typeof(ClientCompletionEndpoint), typeof(S3UploadWebhookEndpoint),
        typeof(SnsWebhookEndpoint), typeof(RequestIngestEndpoint),
    ];

    public static IServiceCollection AddUploadsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadsOptions>()
            .Bind(configuration.GetSection(UploadsOptions.Section))
            .Validate(o => o.PartSizeBytes >= 5L * 1024 * 1024, $"{UploadsOptions.Section}:PartSizeBytes must be at least 5 MiB (S3's smallest part).")
            .Validate(o => o.MaxSizeBytes / o.PartSizeBytes < 10_000, $"{UploadsOptions.Section}:PartSizeBytes is too small for MaxSizeBytes: S3 allows 10000 parts.")
            .Validate(o => o.UrlIngest.MaxRedirects is >= 0 and <= 20 && o.UrlIngest.MaxParallelDownloads >= 1,
                $"{UploadsOptions.Section}:UrlIngest needs MaxRedirects from 0 to 20 and MaxParallelDownloads of at least 1.")
            .Validate(o => o.UrlIngest.MinBytesPerSecond >= 0 && o.UrlIngest.TransferRateWindow > TimeSpan.Zero,
                $"{UploadsOptions.Section}:UrlIngest needs MinBytesPerSecond of 0 or more and a positive TransferRateWindow.")
            .Validate(o =>
            {
                o.UrlIngest.Fairness.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<UploadsOptions>>().Value);
        services.TryAddSingleton<ExclusiveStreams>();
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Secret), $"{WebhookOptions.Section}:Secret must be set.")
            .ValidateOnStart();
        services.AddOptions<SnsOptions>().Bind(configuration.GetSection(SnsOptions.Section));
        services.AddHttpClient(SnsSignature.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SnsSignature>();
        var ingest = configuration.ReadSection<UploadsOptions>(UploadsOptions.Section).UrlIngest;
        services.AddGuardedHttpClient(SourceDownload.HttpClientName, ingest.AnswerTimeout);
        services.AddSingleton<SourceDownload>();
        services.AddSharedSlots<DownloadSlots>();
        services.AddSingleton(provider => OwnerLimitDefinition.AtOnce(QuotaNames.ParallelUrlIngests, provider.GetRequiredService<UploadsOptions>().UrlIngest.FairnessWithDefaults.CapOf));
        return services;
    }

    public static StoreOptions ConfigureUploads(this StoreOptions store)
    {
        store.Events.AddEventTypes([typeof(UploadRequested), typeof(UploadCompleted), typeof(UploadRejected), typeof(UploadExpired), typeof(UrlIngestFailed)]);
        store.Projections.LiveStreamAggregation<Upload>();
        FairTurns.AddTo(store);
        return store;
    }

    /// <summary>
    /// Scheduled looks at storage, aborts of abandoned parts and the decisions on downloaded files go through a durable
    /// queue of their own; downloads through another, admitted from there to the fair turns and run on this node's run queue.
    /// </summary>
    public static WolverineOptions ConfigureUploads(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var ingest = configuration.ReadSection<UploadsOptions>(UploadsOptions.Section).UrlIngest;
        wolverine.Discovery.IncludeAssembly(typeof(UploadsModule).Assembly);
        wolverine.PublishMessage<ReconcileUpload>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<AbortMultipartUpload>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<LandIngestedFile>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<RefuseIngest>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        wolverine.PublishMessage<IngestFromUrl>().ToLocalQueue(IngestQueueName);
        wolverine.LocalQueue(IngestQueueName).UseDurableInbox();
        // Not durable: a download's row in the turns is what outlives a crash (its lease runs out, another node takes it).
        wolverine.PublishMessage<RunIngest>().ToLocalQueue(IngestRunQueueName);
        wolverine.LocalQueue(IngestRunQueueName).BufferedInMemory().MaximumParallelMessages(ingest.MaxParallelDownloads);
        wolverine.Policies.Add(new IngestTimeout(ingest));
        return wolverine;
    }
}
