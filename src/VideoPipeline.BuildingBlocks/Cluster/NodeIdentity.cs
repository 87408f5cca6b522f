using Microsoft.Extensions.Configuration;

namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>
/// This node's stable name (<c>VideoPipeline:NodeName</c>, default: host name and listening port): recorded on the
/// transcode attempts it takes, carried as the <c>node</c> label of its metrics, and naming its own temp folder, so a
/// node that comes back after a crash finds what it left behind.
/// </summary>
public sealed record NodeIdentity(string Name)
{
    public const string Setting = "VideoPipeline:NodeName";

    public static NodeIdentity From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new NodeIdentity(configured.Trim());
        }

        var firstUrl = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var port = firstUrl is not null && Uri.TryCreate(firstUrl.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var url) ? url.Port : 8080;
        return new NodeIdentity($"{Environment.MachineName}:{port}");
    }

    /// <summary>The name as one safe path segment (letters, digits, '-', '_', '.').</summary>
    public string AsPathSegment() =>
        new(Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    public override string ToString() => Name;
}
