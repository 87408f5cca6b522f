using System.Diagnostics;

namespace VideoPipeline.BuildingBlocks.Observability;

/// <summary>
/// The service's own spans (each transcode step, each storage call), next to those ASP.NET Core, Wolverine, Marten and
/// Npgsql emit; exported over OTLP when <c>VideoPipeline:Tracing:OtlpEndpoint</c> is set.
/// </summary>
public static class Tracing
{
    public const string SourceName = "VideoPipeline";

    public static ActivitySource Source { get; } = new(SourceName);
}
