using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.Observability;

/// <summary>
/// OpenTelemetry traces (section <c>VideoPipeline:Tracing</c>). With an <c>OtlpEndpoint</c> they are exported over OTLP:
/// the HTTP request (ASP.NET Core), the outbox and the queue (Wolverine), sessions and commands (Marten, Npgsql), outgoing
/// HTTP (S3, webhooks), each transcode step and each storage call. Without one nothing is exported, but requests and
/// messages still get a trace, so every log line written while handling them carries its trace id.
/// </summary>
public static class Traces
{
    public const string Section = "VideoPipeline:Tracing";

    private static readonly string[] ExportedSources = ["Microsoft.AspNetCore", "Wolverine", "Marten", "Npgsql", "System.Net.Http", Tracing.SourceName];

    private static readonly string[] LoggedSources = ["Microsoft.AspNetCore", "Wolverine", Tracing.SourceName];

    public static IServiceCollection AddVideoPipelineTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration.GetValue<Uri?>($"{Section}:OtlpEndpoint");
        var protocol = configuration.GetValue($"{Section}:Protocol", OtlpExportProtocol.Grpc);
        var node = NodeIdentity.From(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("videopipeline", serviceInstanceId: node.Name))
            .WithTracing(tracing =>
            {
                if (endpoint is null)
                {
                    tracing.AddSource(LoggedSources);
                    return;
                }

                tracing.AddSource(ExportedSources).AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = protocol;
                });
            });
        return services;
    }
}
