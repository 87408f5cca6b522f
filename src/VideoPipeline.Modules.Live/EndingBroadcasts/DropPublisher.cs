using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.Modules.Live.Ingesting.Srt;

namespace VideoPipeline.Modules.Live.EndingBroadcasts;

/// <summary>
/// Disconnects a publisher through the ingest server's control endpoint (<see cref="LiveOptions.ControlUrl"/>). Every node
/// hears it (each ingest server knows only its own publishers); the node that took the publish drops it. A publisher
/// already gone is nothing to do.
/// </summary>
public static class DropPublisherHandler
{
    public const string HttpClientName = "live-ingest-control";

    public static async Task Handle(
        DropPublisher message, NodeIdentity node, IHttpClientFactory clients, LiveOptions options, SrtIngest srt, ILogger<LiveStream> logger, CancellationToken ct)
    {
        if (message.Node != node.Name || srt.Drop(message.StreamName))
        {
            return;
        }

        var url = new Uri($"{options.ControlUrl.AbsoluteUri.TrimEnd('/')}/drop/publisher?app={Uri.EscapeDataString(AppOf(options.RtmpReadUrl))}&name={Uri.EscapeDataString(message.StreamName)}");
        using var response = await clients.CreateClient(HttpClientName).GetAsync(url, ct);
        logger.LogInformation("Dropped the publisher of live stream {LiveStreamId}: the ingest server answered {Status}", message.LiveStreamId, (int)response.StatusCode);
    }

    /// <summary>The RTMP application, the path of the RTMP URL (<c>live</c>).</summary>
    public static string AppOf(Uri rtmpUrl)
    {
        ArgumentNullException.ThrowIfNull(rtmpUrl);
        return rtmpUrl.AbsolutePath.Trim('/');
    }
}
