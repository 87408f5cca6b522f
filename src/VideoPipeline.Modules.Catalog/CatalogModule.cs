using JasperFx.Events.Projections;
using VideoPipeline.Modules.Catalog.DeleteVideo;
using VideoPipeline.Modules.Catalog.EditVideo;
using VideoPipeline.Modules.Catalog.GetVideo;
using VideoPipeline.Modules.Catalog.GetVideoEvents;
using VideoPipeline.Modules.Catalog.ListVideos;

namespace VideoPipeline.Modules.Catalog;

public static class CatalogModule
{
    public const string Schema = "catalog";

    /// <summary>Purges of deleted videos' objects: durable, and apart from every other queue.</summary>
    public const string QueueName = "catalog";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } = [typeof(GetVideoEndpoint), typeof(GetVideoEventsEndpoint), typeof(ListVideosEndpoint), typeof(EditVideoEndpoint), typeof(DeleteVideoEndpoint)];

    public static StoreOptions ConfigureCatalog(this StoreOptions store)
    {
        store.Events.AddEventType<VideoDetailsEdited>();
        store.Events.AddEventType<VideoDeleted>();
        store.Events.AddEventType<VideoObjectsPurged>();
        store.Projections.LiveStreamAggregation<CatalogVideo>();
        // Inline: the summary is written in the same transaction as the events, so a client reads its own writes.
        store.Projections.Add<VideoSummaryProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<VideoSummary>()
            .DatabaseSchemaName(Schema)
            .Index(v => v.OwnerId)
            .Duplicate(v => v.Status);
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
