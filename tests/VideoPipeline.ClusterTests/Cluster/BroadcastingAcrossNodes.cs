using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Live;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// RTMP through the balancer to any node's ingest server: kill -9 of the node (and its ingest server) that runs a
/// broadcast's ladder; a publisher back through the balancer takes the same broadcast and recording over on another node
/// (BroadcastingAcrossNodes.Takeover.cs), and one that never comes back has its broadcast ended and recording finished
/// after the window, once, by the cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class BroadcastingAcrossNodes(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);

    /// <summary>The tag on a line of its own (not <c>#EXT-X-DISCONTINUITY-SEQUENCE</c>).</summary>
    private const string Discontinuity = "#EXT-X-DISCONTINUITY\n";

    [Fact]
    public async Task a_broadcast_whose_node_is_killed_and_whose_publisher_never_comes_back_ends_after_the_window_with_its_recording_finished_once()
    {
        var created = await CreateAsync(new { title = "Never back", reconnectWindowSeconds = 2 });
        await using var publisher = Publisher.Start(cluster.RtmpUrl, created.StreamKey, seconds: 120);
        var videoId = (await StatusAsync(created.Id, s => s.Status == "active" && s.ActiveVideoId is not null, "the broadcast to be active")).ActiveVideoId!.Value;
        var dead = await ReaderAsync(except: null);
        await Eventually.WaitForAsync(() => cluster.EventsAsync(videoId), e => e.Any(x => x.Type == "StreamingStarted"), Soon, "the recording to be playing");

        await cluster.KillAsync(dead);
        try
        {
            // The lease check the dead node scheduled is run by another node once the dead one is declared so (Queue:StaleNodeTimeout).
            await cluster.WaitForVideoAsync(videoId, v => v.Status == "processed", "to be finished after the window", TimeSpan.FromMinutes(2));
            await FinishedOnceAsync(videoId, discontinuity: false);
            var idle = await GetAsync(created.Id);
            idle.Status.ShouldBe("idle");
            idle.ActiveVideoId.ShouldBeNull();
        }
        finally
        {
            await cluster.StartAsync(dead);
        }
    }

    /// <summary>The node whose ffmpeg reads the broadcast.</summary>
    private async Task<int> ReaderAsync(int? except) =>
        (await Eventually.WaitForAsync(() => Task.FromResult(Readers(except)), r => r.Count == 1, Soon, "one node to read the broadcast")).Single();

    private List<int> Readers(int? except) =>
        Enumerable.Range(0, ThreeNodeCluster.NodeCount).Where(i => i != except && FfmpegProcesses.Under(cluster.TempRootOf(i)).Count > 0).ToList();

    private async Task FinishedOnceAsync(Guid videoId, bool discontinuity, string live = "")
    {
        var events = await cluster.EventsAsync(videoId);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        events.Count(e => e.Type == "StreamingReady").ShouldBe(1);
        events.ShouldNotContain(e => e.Type == "ProcessingStarted", "no transcode of the recording ran");
        var vod = (await cluster.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{videoId}/play", UriKind.Relative)))!;
        var playlist = await cluster.Client.GetStringAsync(await MediaPlaylistUrlAsync(vod.Hls!));
        playlist.ShouldContain("#EXT-X-ENDLIST");
        playlist.Contains(Discontinuity, StringComparison.Ordinal).ShouldBe(discontinuity, playlist + "\n---- live:\n" + live);
        var names = SegmentNames().Matches(playlist).Select(m => m.Value).ToList();
        names.ShouldBe(names.Distinct().ToList(), "no segment twice");
    }

    private async Task<CreatedStream> CreateAsync(object body)
    {
        using var response = await ThreeNodeCluster.SendWithRetriesAsync(() => cluster.Client.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), body));
        return (await response.Content.ReadFromJsonAsync<CreatedStream>())!;
    }

    private async Task<StreamState> GetAsync(Guid id) =>
        (await (await ThreeNodeCluster.SendWithRetriesAsync(() => cluster.Client.GetAsync(new Uri($"/live-streams/{id}", UriKind.Relative))))
            .Content.ReadFromJsonAsync<StreamState>())!;

    private Task<StreamState> StatusAsync(Guid id, Func<StreamState, bool> holds, string what) =>
        Eventually.WaitForAsync(() => GetAsync(id), holds, Soon, what);

    /// <summary>The first variant's media playlist, as the master (once there is one) names it.</summary>
    private async Task<Uri> MediaPlaylistUrlAsync(Uri master)
    {
        var text = await Eventually.WaitForAsync(async () =>
        {
            using var response = await cluster.Client.GetAsync(master);
            // Nothing to play yet is an answer to wait on; a failure of the service is not.
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync()
                : (int)response.StatusCode >= 500 ? throw new InvalidOperationException($"GET {master.AbsolutePath}: {(int)response.StatusCode}\n{cluster.Errors()}") : "";
        }, t => t.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal), Soon, "the master playlist");
        var variant = text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        return new Uri(master, variant);
    }

    [GeneratedRegex(@"seg_\d{5}\.m4s")]
    private static partial Regex SegmentNames();
}

internal sealed record CreatedStream(Guid Id, string StreamKey, Uri? SrtUrl);

internal sealed record StreamState(Guid Id, string Status, Guid? ActiveVideoId, List<Guid> Recordings);

