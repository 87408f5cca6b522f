using JasperFx.Events.Projections;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Catalog.ClippingVideos;
using VideoPipeline.Modules.Catalog.DeletingVideos;
using VideoPipeline.Modules.Catalog.EditingVideos;
using VideoPipeline.Modules.Catalog.GettingVideoEvents;
using VideoPipeline.Modules.Catalog.GettingVideos;
using VideoPipeline.Modules.Catalog.ListingVideos;

namespace VideoPipeline.Modules.Catalog;

public static class CatalogModule
{
    public const string Schema = "catalog";

    /// <summary>Purges of deleted videos' objects: durable, and apart from every other queue.</summary>
    public const string QueueName = "catalog";

    /// <summary>The column the list is ordered by (a duplicate of <see cref="VideoSteps.RequestedAt"/>), for its cursor condition.</summary>
    internal const string RequestedAtColumn = "steps_requested_at";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(GetVideoEndpoint), typeof(GetVideoEventsEndpoint), typeof(ListVideosEndpoint),
        typeof(EditVideoEndpoint), typeof(DeleteVideoEndpoint), typeof(CreateClipEndpoint),
    ];

    public static IServiceCollection AddCatalogModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>()
            .Bind(configuration.GetSection(CatalogOptions.Section))
            .Validate(o => o.MaxNumberedVideos >= 1, $"{CatalogOptions.Section}:MaxNumberedVideos must be at least 1.")
            .Validate(o =>
            {
                o.ClipEdgeFairness.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSharedSlots<ClipEdgeSlots>();
        return services.AddSingleton(provider => provider.GetRequiredService<IOptions<CatalogOptions>>().Value);
    }

    public static StoreOptions ConfigureCatalog(this StoreOptions store)
    {
        store.Events.AddEventTypes([typeof(VideoDetailsEdited), typeof(VideoDeleted), typeof(VideoObjectsPurged), typeof(ClipCreated), typeof(ClipMadeFrameAccurate)]);
        store.Projections.LiveStreamAggregation<CatalogVideo>();
        store.Projections.LiveStreamAggregation<ClipSource>();
        FairTurns.AddTo(store);
        store.Schema.For<ClipHold>().DatabaseSchemaName(Schema).Index(h => h.SegmentsOf);
        // Inline: the summary is written in the same transaction as the events, so a client reads its own writes.
        store.Projections.Add<VideoSummaryProjection>(ProjectionLifecycle.Inline);
        // The list reads newest first, by owner (an owner's list), by status (an admin's list of one status, the queue
        // check) or across everyone (an admin's list): duplicated columns, each with the one index that serves its order
        // directly, so a page (by number or after a cursor) is an index range scan however large the catalogue, with no
        // sort. Marten gives a duplicated column an index on that column alone, which no query reads by and which the
        // planner preferred, sorting what it found: each one is made the composite index of its order instead.
        store.Schema.For<VideoSummary>()
            .DatabaseSchemaName(Schema)
            .Duplicate(v => v.OwnerId, configure: index => NewestFirst(index, "mt_doc_videosummary_idx_owner_newest"))
            .Duplicate(v => v.Status, configure: index => NewestFirst(index, "mt_doc_videosummary_idx_status_newest"))
            .Duplicate(v => v.Steps.RequestedAt!, pgType: "timestamp with time zone",
                configure: index => NewestFirst(index, "mt_doc_videosummary_idx_newest", leadingColumn: false));
        return store;
    }

    /// <summary>The duplicated column's own index, made (column, requested at, id): its expression mask is applied to the one column.</summary>
    private static void NewestFirst(Marten.Schema.DocumentIndex index, string name, bool leadingColumn = true)
    {
        index.Name = name;
        index.Mask = leadingColumn ? $"?, {RequestedAtColumn}, id" : "?, id";
    }

    /// <summary>Clips to be made frame-accurate, as they are cut: a durable queue, whose handler admits them to the turns.</summary>
    public const string EdgesQueueName = "catalog-clip-edges";

    /// <summary>This node's own queue of the clips whose turn came (<see cref="RunClipEdges"/>): in memory, one per slot.</summary>
    public const string EdgeRunsQueueName = "catalog-clip-edge-runs";

    public static WolverineOptions ConfigureCatalog(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(CatalogModule).Assembly);
        wolverine.PublishMessage<PurgeVideoObjects>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();

        wolverine.PublishMessage<MakeClipFrameAccurate>().ToLocalQueue(EdgesQueueName);
        wolverine.LocalQueue(EdgesQueueName).UseDurableInbox();
        wolverine.PublishMessage<RunClipEdges>().ToLocalQueue(EdgeRunsQueueName);
        wolverine.LocalQueue(EdgeRunsQueueName).BufferedInMemory().MaximumParallelMessages(ClipEdgeSlots.PerNode);
        return wolverine;
    }
}
