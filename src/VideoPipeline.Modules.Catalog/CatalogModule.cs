using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace VideoPipeline.Modules.Catalog;

public static class CatalogModule
{
    public const string Schema = "catalog";

    public static IServiceCollection AddCatalogModule(this IServiceCollection services) => services;

    public static StoreOptions ConfigureCatalog(this StoreOptions store)
    {
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
        return wolverine;
    }
}
