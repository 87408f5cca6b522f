using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.Modules.Live.Ingesting;
using VideoPipeline.Modules.Live.Ingesting.Srt;

namespace VideoPipeline.Modules.Live.EndingBroadcasts;

/// <summary>
/// This node's part of dropping publishers (<see cref="DropPublisher"/>): every node hears each drop through its one
/// <see cref="ClusterListener"/>; the node named disconnects the publisher through its own ingest server's control
/// endpoint (<see cref="LiveOptions.ControlUrl"/>, on loopback), or its own SRT listener. A drop announced while this node was not listening is
/// caught up when it listens again: each connection it still reads whose stream no longer names it live is dropped.
/// </summary>
public sealed class PublisherDrops(
    NodeIdentity node, IHttpClientFactory clients, LiveOptions options, IDocumentStore store, LiveIngests ingests, SrtIngest srt, IHostApplicationLifetime lifetime,
    ILogger<PublisherDrops> logger) : INotificationSubscriber
{
    public const string ChannelName = "videopipeline_live_drops";
    public const string HttpClientName = "live-ingest-control";

    public string Channel => ChannelName;

    public void Notified(string payload)
    {
        var drop = JsonSerializer.Deserialize<DropPublisher>(payload);
        if (drop is not null && drop.Node == node.Name)
        {
            _ = DropAsync(drop.LiveStreamId, drop.StreamName, lifetime.ApplicationStopping);
        }
    }

    public async Task ListeningAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        foreach (var (liveStreamId, connection) in ingests.Reading())
        {
            var stream = await session.LoadAsync<LiveStream>(liveStreamId, ct);
            if (stream is null || stream.Connection != connection || stream.Status != LiveStreamStatus.Active || stream.Node != node.Name)
            {
                await DropAsync(liveStreamId, Broadcasts.StreamNameOf(liveStreamId), ct);
            }
        }
    }

    public void StoppedListening()
    {
        // Drops announced from here on are caught up in ListeningAsync.
    }

    private async Task DropAsync(Guid liveStreamId, string streamName, CancellationToken ct)
    {
        if (srt.Drop(streamName))
        {
            return;
        }

        var url = new Uri($"{options.ControlUrl.AbsoluteUri.TrimEnd('/')}/drop/publisher?app={Uri.EscapeDataString(AppOf(options.RtmpReadUrl))}&name={Uri.EscapeDataString(streamName)}");
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(url, ct);
            logger.LogInformation("Dropped the publisher of live stream {LiveStreamId}: the ingest server answered {Status}", liveStreamId, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The ingest server is down: its publishers are gone with it.
            logger.LogWarning("Could not drop the publisher of live stream {LiveStreamId}: {Error}", liveStreamId, e.Message);
        }
    }

    /// <summary>The RTMP application, the path of the RTMP URL (<c>live</c>).</summary>
    public static string AppOf(Uri rtmpUrl)
    {
        ArgumentNullException.ThrowIfNull(rtmpUrl);
        return rtmpUrl.AbsolutePath.Trim('/');
    }
}
