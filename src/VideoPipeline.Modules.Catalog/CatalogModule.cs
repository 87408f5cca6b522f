using JasperFx.Events.Projections;
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
        typeof(EditVideoEndpoint), typeof(DeleteVideoEndpoint),
    ];

    public static StoreOptions ConfigureCatalog(this StoreOptions store)
    {
        store.Events.AddEventTypes([typeof(VideoDetailsEdited), typeof(VideoDeleted), typeof(VideoObjectsPurged)]);
        store.Projections.LiveStreamAggregation<CatalogVideo>();
        // Inline: the summary is written in the same transaction as the events, so a client reads its own writes.
        store.Projections.Add<VideoSummaryProjection>(ProjectionLifecycle.Inline);
        // The list reads newest first, by owner and by status: duplicated columns with indexes that serve each of those
        // orders directly, so a page (by number or after a cursor) is an index range scan however large the catalogue.
        store.Schema.For<VideoSummary>()
            .DatabaseSchemaName(Schema)
            .Duplicate(v => v.OwnerId)
            .Duplicate(v => v.Status)
            .Duplicate(v => v.Steps.RequestedAt!, pgType: "timestamp with time zone")
            .Index([v => v.OwnerId, v => v.Steps.RequestedAt!, v => v.Id], index => index.Name = "mt_doc_videosummary_idx_owner_newest")
            .Index([v => v.Status, v => v.Steps.RequestedAt!, v => v.Id], index => index.Name = "mt_doc_videosummary_idx_status_newest")
            .Index([v => v.Steps.RequestedAt!, v => v.Id], index => index.Name = "mt_doc_videosummary_idx_newest");
        return store;
    }

    public static WolverineOptions ConfigureCatalog(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(CatalogModule).Assembly);
        wolverine.PublishMessage<PurgeVideoObjects>().ToLocalQueue(QueueName);
        wolverine.LocalQueue(QueueName).UseDurableInbox();
        return wolverine;
    }
}
