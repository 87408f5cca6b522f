using Carter;
using FluentValidation;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using VideoPipeline.Auth;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Configuration;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Health;
using VideoPipeline.Http;
using VideoPipeline.Modules.Analytics;
using VideoPipeline.Modules.Catalog;
using VideoPipeline.Modules.Live;
using VideoPipeline.Modules.Playback;
using VideoPipeline.Modules.Processing;
using VideoPipeline.Modules.Uploads;
using VideoPipeline.Modules.Usage;
using VideoPipeline.Modules.Usage.Metering;
using VideoPipeline.Modules.Webhooks;
using VideoPipeline.Modules.Tenants;
using VideoPipeline.Observability;
using VideoPipeline.Operations;
using VideoPipeline.Operations.WatchingTheQueues;
using VideoPipeline.RateLimiting;
using Wolverine;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
builder.AddSecretFiles().RefuseUnsafeSetup();
var configuration = builder.Configuration;

builder.AddVideoPipelineLogging();

var connectionString = configuration.GetConnectionString("Postgres");
if (string.IsNullOrWhiteSpace(connectionString))
{
    throw new InvalidOperationException("ConnectionStrings:Postgres must be set (environment variable ConnectionStrings__Postgres).");
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NodeIdentity.From(configuration));
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseConnections.Tuned(connectionString)));
builder.Services.AddProblemDetails();
builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
builder.Services.AddClientErrors();
// The server's own body limit is that of a JSON call; routes that take more (webhooks, the store's PUT) say so.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = BodyLimits.Json);
builder.AddApiKeyAuthentication();
builder.Services.AddApiRateLimits(configuration);
// Players on other origins read the playback routes (each opts in); the owner's API stays same-origin.
builder.Services.AddPlaybackCors();

var moduleAssemblies = new[]
{
    typeof(UploadsModule).Assembly, typeof(ProcessingModule).Assembly, typeof(PlaybackModule).Assembly, typeof(CatalogModule).Assembly,
    typeof(WebhooksModule).Assembly, typeof(TenantsModule).Assembly, typeof(UsageModule).Assembly,
    typeof(AnalyticsModule).Assembly, typeof(LiveModule).Assembly,
};
// Validators hold no request state (their dependencies are options, the clock and the network guard): one of each.
builder.Services.AddValidatorsFromAssemblies(moduleAssemblies, ServiceLifetime.Singleton, includeInternalTypes: true);
// Routes are internal to their slices; each module names its own.
builder.Services.AddCarter(configurator: carter => carter.WithModules(
    [.. UploadsModule.Endpoints, .. ProcessingModule.Endpoints, .. PlaybackModule.Endpoints, .. CatalogModule.Endpoints, .. WebhooksModule.Endpoints, .. TenantsModule.Endpoints,
        .. UsageModule.Endpoints, .. AnalyticsModule.Endpoints, .. LiveModule.Endpoints, typeof(StorageEndpoints)]));
builder.Services.AddObjectStorage(configuration);
// Every outbound request made on a user's behalf (webhook deliveries, URL ingest) goes through this one guard.
builder.Services.AddNetworkGuard(configuration);
builder.Services.AddVideoPipelineHealth();
builder.Services.AddOperations(configuration);
builder.Services.AddVideoPipelineTracing(configuration);
builder.Services
    .AddUploadsModule(configuration)
    .AddProcessingModule(configuration)
    .AddPlaybackModule(configuration)
    .AddCatalogModule(configuration)
    .AddWebhooksModule(configuration)
    .AddTenantsModule(configuration)
    .AddUsageModule(configuration)
    .AddAnalyticsModule(configuration)
    .AddLiveModule(configuration);

builder.Services.AddMarten(store =>
    {
        store.DatabaseSchemaName = "videos";
        store.Events.StreamIdentity = StreamIdentity.AsGuid;
        store.ConfigureUploads().ConfigureProcessing().ConfigurePlayback().ConfigureCatalog().ConfigureWebhooks().ConfigureTenants().ConfigureUsage().ConfigureAnalytics().ConfigureLive().ConfigureVideoOwnership();
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true);

builder.Host.UseWolverine(wolverine =>
{
    wolverine.Durability.Mode = configuration.GetValue(ClusterMode.Setting, DurabilityMode.Balanced);
    // Nodes write a heartbeat every 5 s; one that stops (kill -9, a lost machine) is declared dead after StaleNodeTimeout and
    // the leader hands the messages it held to the others, so its transcode is taken up elsewhere within about half a minute.
    wolverine.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(5);
    wolverine.Durability.StaleNodeTimeout = configuration.GetValue("VideoPipeline:Queue:StaleNodeTimeout", TimeSpan.FromSeconds(20));
    // How soon a delayed message (a webhook retry, a download retry) runs once due.
    wolverine.Durability.ScheduledJobPollingTime = configuration.GetValue("VideoPipeline:Queue:ScheduledJobPollingTime", wolverine.Durability.ScheduledJobPollingTime);
    // The handlers' code is generated ahead of time (Internal/Generated, `dotnet run -- codegen write`), so a node or a test
    // host starts without compiling it; a handler whose code is missing there is still generated at run time.
    wolverine.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Auto;
    wolverine.Policies.AutoApplyTransactions();
    wolverine.ConfigureUploads(configuration).ConfigureProcessing(configuration).ConfigurePlayback().ConfigureCatalog().ConfigureWebhooks(configuration)
        .ConfigureTenants().ConfigureUsage(configuration).ConfigureAnalytics(configuration).ConfigureQueueHealth(configuration).ConfigureLive();
});

var app = builder.Build();

app.UseVideoPipelineRequestLogging();
app.UseSecurityHeaders();
// Before everything that may answer or refuse a request, so preflights are answered and refusals (403 of an expired URL) readable.
app.UseCors();
// The dashboard (dashboard/, built into wwwroot): static and anonymous; it asks for an API key and sends it with every call.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseApiCallMetering();
app.UseRateLimiter();
app.UseAuthorization();
app.UseKeyAccess();
app.MapVideoPipelineHealth();
app.MapOperations();
app.MapGroup("").RequireVideoOwnerOnVideoRoutes().AddEndpointFilterFactory(ValidationFilter.Factory).MapCarter();
app.WarnAboutPlainApiKeys();

return await app.RunJasperFxCommands(args);

/// <summary>The host, visible to the tests' Alba host.</summary>
public partial class Program;
