using Microsoft.Extensions.Configuration;

namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>
/// Whether this node runs alone (<c>Solo</c>, the Development default) or as one of several on the same database
/// (<c>Balanced</c>, the default elsewhere): <c>VideoPipeline:Queue:DurabilityMode</c>, which is also Wolverine's durability mode.
/// </summary>
public static class ClusterMode
{
    public const string Setting = "VideoPipeline:Queue:DurabilityMode";

    public static string Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Setting] is { Length: > 0 } mode ? mode : "Balanced";
    }

    public static bool IsClustered(IConfiguration configuration) => !string.Equals(Of(configuration), "Solo", StringComparison.OrdinalIgnoreCase);
}
