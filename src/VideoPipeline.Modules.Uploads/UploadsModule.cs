using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Uploads;

public static class UploadsModule
{
    public static IServiceCollection AddUploadsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadsOptions>()
            .Bind(configuration.GetSection(UploadsOptions.Section))
            .Validate(o => o.PartSizeBytes >= 5L * 1024 * 1024, $"{UploadsOptions.Section}:PartSizeBytes must be at least 5 MiB (S3's smallest part).")
            .Validate(o => o.MaxSizeBytes / o.PartSizeBytes < 10_000, $"{UploadsOptions.Section}:PartSizeBytes is too small for MaxSizeBytes: S3 allows 10000 parts.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Secret), $"{WebhookOptions.Section}:Secret must be set.")
            .ValidateOnStart();
        services.AddHostedService<Reconcile.UploadReconciler>();
        services.AddOptions<SnsWebhook.SnsOptions>().Bind(configuration.GetSection(SnsWebhook.SnsOptions.Section));
        services.AddHttpClient(SnsWebhook.SnsSignature.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SnsWebhook.SnsSignature>();
        return services;
    }

    public static StoreOptions ConfigureUploads(this StoreOptions store)
    {
        store.Events.AddEventType<UploadRequested>();
        store.Events.AddEventType<UploadCompleted>();
        store.Events.AddEventType<UploadRejected>();
        store.Events.AddEventType<UploadExpired>();
        store.Projections.LiveStreamAggregation<Upload>();
        store.Projections.Add<Reconcile.PendingUploadProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<Reconcile.PendingUpload>().DatabaseSchemaName("uploads").Index(x => x.RequestedAt);
        return store;
    }

    public static WolverineOptions ConfigureUploads(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(UploadsModule).Assembly);
        return wolverine;
    }
}
