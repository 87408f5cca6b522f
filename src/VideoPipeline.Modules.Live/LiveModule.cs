using System.Net;
using System.Net.Sockets;
using VideoPipeline.MediaEngine;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.Modules.Live.AddingSimulcastTargets;
using VideoPipeline.Modules.Live.AuthorizingPublishers;
using VideoPipeline.Modules.Live.CompletingBroadcasts;
using VideoPipeline.Modules.Live.CreatingLiveStreams;
using VideoPipeline.Modules.Live.DeletingLiveStreams;
using VideoPipeline.Modules.Live.EndingBroadcasts;
using VideoPipeline.Modules.Live.FinishingRecordings;
using VideoPipeline.Modules.Live.Ingesting;
using VideoPipeline.Modules.Live.Ingesting.Srt;
using VideoPipeline.Modules.Live.ListingLiveStreams;
using VideoPipeline.Modules.Live.PlayingLiveStreams;
using VideoPipeline.Modules.Live.RemovingSimulcastTargets;
using VideoPipeline.Modules.Live.ResettingStreamKeys;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live;

public static class LiveModule
{
    public const string Schema = "live";

    /// <summary>Recordings to finish, reconnect windows, publishers to drop: durable, apart from every other queue.</summary>
    public const string QueueName = "live";

    /// <summary>This node's connections to read (<see cref="RunLiveIngest"/>): in memory, since the node whose ingest server took the publish reads it.</summary>
    public const string IngestQueueName = "live-ingest";

    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(CreateLiveStreamEndpoint), typeof(ListLiveStreamsEndpoint), typeof(PlayLiveStreamEndpoint), typeof(ResetStreamKeyEndpoint),
        typeof(CompleteBroadcastEndpoint), typeof(DeleteLiveStreamEndpoint), typeof(IngestCallbackEndpoints), typeof(AddSimulcastTargetEndpoint),
        typeof(RemoveSimulcastTargetEndpoint),
    ];

    public static IServiceCollection AddLiveModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>()
            .Bind(configuration.GetSection(LiveOptions.Section))
            .Validate(o => o.DefaultReconnectWindowSeconds >= 0 && o.DefaultReconnectWindowSeconds <= o.MaxReconnectWindowSeconds,
                $"{LiveOptions.Section}: DefaultReconnectWindowSeconds must be from 0 to MaxReconnectWindowSeconds.")
            .Validate(o => o.DvrWindow > TimeSpan.Zero && o.LongestBroadcast > TimeSpan.Zero && o.StallTimeout > TimeSpan.Zero && o.IngestLease > TimeSpan.Zero,
                $"{LiveOptions.Section}: DvrWindow, LongestBroadcast, StallTimeout and IngestLease must be positive.")
            .Validate(o => o.SegmentSeconds is > 0 and <= 30, $"{LiveOptions.Section}: SegmentSeconds must be more than 0 and at most 30.")
            .Validate(o => StandardLadder.ShortSides.Contains(o.LadderTop), $"{LiveOptions.Section}: LadderTop must be one of the ladder's rungs (1080, 720, 480, 360).")
            .Validate(o => o.MaxInputWidth > 0 && o.MaxInputHeight > 0 && o.MaxInputFrameRate > 0 && o.MaxInputBitrateKbps > 0,
                $"{LiveOptions.Section}: the input limits must be positive.")
            .Validate(o => o.SrtListen is null || (IPEndPoint.TryParse(o.SrtListen, out var at) && at.AddressFamily == AddressFamily.InterNetwork && at.Port > 0),
                $"{LiveOptions.Section}: SrtListen must be an IPv4 host:port.")
            .Validate(o => (o.SrtListen is null) == (o.SrtUrl is null) && (o.SrtUrl is null || o.SrtUrl.Scheme == "srt"),
                $"{LiveOptions.Section}: SrtListen and SrtUrl (srt://host:port) are set together or not at all.")
            .Validate(o => o.MaxSimulcastTargets >= 0 && o.SimulcastAttempts > 0 && o.SimulcastRetryDelay >= TimeSpan.Zero,
                $"{LiveOptions.Section}: MaxSimulcastTargets must not be negative, SimulcastAttempts must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LiveOptions>>().Value);
        services.AddOptions<LivePlaybackOptions>().Bind(configuration.GetSection("VideoPipeline:Playback"));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LivePlaybackOptions>>().Value);
        services.AddHttpClient(PublisherDrops.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddNotificationSubscriber<PublisherDrops>();
        // A live run announces every playlist it stores: blocking reloads of low-latency playlists wait on it.
        services.AddNotificationSubscriber<PlaylistChanges>();
        services.AddSingleton<SimulcastForwarders>();
        services.AddNotificationSubscriber<SimulcastChanges>();
        services.AddSingleton<LiveIngests>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<LiveIngests>());
        services.AddSingleton<SrtIngest>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SrtIngest>());
        return services;
    }

    public static StoreOptions ConfigureLive(this StoreOptions store)
    {
        store.Events.AddEventTypes([
            typeof(LiveStreamCreated), typeof(LiveStreamKeyReset), typeof(BroadcastStarted), typeof(PublisherReconnected), typeof(PublishRefused),
            typeof(PublisherDisconnected), typeof(LiveInputAccepted), typeof(LiveInputRefused), typeof(LiveIngestEnded), typeof(BroadcastEnded),
            typeof(LiveStreamDeleted), typeof(LiveRecordingStarted), typeof(SimulcastTargetAdded),
            typeof(SimulcastTargetRemoved), typeof(SimulcastTargetReported),
        ]);
        // Inline: the stream is what a publish's key is looked up by and what the routes read, in the commit of its events.
        store.Projections.Snapshot<LiveStream>(SnapshotLifecycle.Inline);
        store.Projections.LiveStreamAggregation<RecordingVideo>();
        store.Schema.For<LiveStream>().DatabaseSchemaName(Schema).Index(s => s.KeyHash).Index(s => s.OwnerId);
        store.Schema.For<IngestLease>().DatabaseSchemaName(Schema);
        return store;
    }

    public static WolverineOptions ConfigureLive(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(LiveModule).Assembly);
        wolverine.PublishMessage<RunLiveIngest>().ToLocalQueue(IngestQueueName);
        wolverine.LocalQueue(IngestQueueName).BufferedInMemory();
        wolverine.PublishMessage<FinishRecording>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<EndBroadcastAfterWindow>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<DropPublisher>().ToLocalQueue(QueueName);
        wolverine.PublishMessage<CheckIngest>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        return wolverine;
    }
}
