using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

public sealed partial class BroadcastingLive
{
    [Fact]
    public async Task a_broadcast_is_forwarded_to_each_simulcast_target_and_a_dead_target_fails_alone()
    {
        var receiverPort = FreeTcpPort();
        var deadPort = FreeTcpPort();
        var received = Path.Combine(Path.GetTempPath(), "videopipeline-tests", $"simulcast-{Guid.NewGuid():N}.flv");
        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        using var receiver = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-hide_banner -loglevel error -listen 1 -i rtmp://127.0.0.1:{receiverPort}/app/receiver-key -c copy -f flv {received}") { RedirectStandardError = true })!;
        using var registered = await Api.PostAsJsonAsync(new Uri("/webhooks", UriKind.Relative),
            new { url = "https://hooks.example.com/simulcast", events = new[] { "live_stream.simulcast_target_failed" } });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var webhook = (await registered.Content.ReadFromJsonAsync<RegisteredWebhookDto>())!;
        try
        {
            var created = await CreateAsync(new
            {
                title = "Simulcast",
                simulcastTargets = new[] { new { url = $"rtmp://127.0.0.1:{receiverPort}/app/receiver-key" }, new { url = $"rtmp://127.0.0.1:{deadPort}/app/dead-key" } },
            });
            var idle = await GetAsync(created.Id);
            idle.Simulcast!.ShouldBe([
                new SimulcastTargetDto($"rtmp://127.0.0.1:{receiverPort}/app/****", "idle", null),
                new SimulcastTargetDto($"rtmp://127.0.0.1:{deadPort}/app/****", "idle", null),
            ]);

            await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 120);
            var live = await StatusAsync(created.Id, s => s.Simulcast![0].Status == "forwarding" && s.Simulcast[1].Status == "failed", "one target forwarding, the dead one failed");
            live.Status.ShouldBe("active", "a failing target does not touch the broadcast");
            live.Simulcast![1].Reason.ShouldNotBeNullOrWhiteSpace();
            await Eventually.WaitForAsync(() => Task.FromResult(File.Exists(received) ? new FileInfo(received).Length : 0), bytes => bytes > 32 * 1024, Soon, "the receiver to get the broadcast");

            (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await receiver.WaitForExitAsync().WaitAsync(Soon);
            (await Ffprobe.StreamsAsync(received)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 320);
            var video = await Eventually.WaitForAsync(() => VideoAsync(live.ActiveVideoId!.Value), v => v.Status == "processed", Soon, "the recording to be processed");
            video.Status.ShouldBe("processed");
            var ended = await StatusAsync(created.Id, s => s.Status == "idle" && s.Simulcast![0].Status == "ended", "the forwarding to end with the broadcast");
            ended.Simulcast![1].Status.ShouldBe("failed");
            var failed = (await Api.GetFromJsonAsync<DeliveryPageDto>(new Uri($"/webhooks/{webhook.Id}/deliveries", UriKind.Relative)))!.Items
                .Single(d => d.Payload.GetProperty("data").GetProperty("liveStreamId").GetGuid() == created.Id);
            failed.EventType.ShouldBe("live_stream.simulcast_target_failed");
            failed.Payload.GetProperty("data").GetProperty("simulcastTarget").GetInt32().ShouldBe(1);
        }
        finally
        {
            if (!receiver.HasExited)
            {
                receiver.Kill(entireProcessTree: true);
                await receiver.WaitForExitAsync();
            }

            File.Delete(received);
            (await Api.DeleteAsync(new Uri($"/webhooks/{webhook.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task simulcast_targets_that_are_not_rtmp_urls_the_service_may_reach_are_refused_naming_the_target()
    {
        var refused = new Dictionary<string, string>
        {
            ["http://example.com/app/key"] = "must be an absolute rtmp or rtmps URL.",
            ["rtmp://10.1.2.3/app/key"] = "which the service does not connect to",
            ["rtmp://user:secret@example.com/app/key"] = "must not carry credentials",
            ["rtmp://example.com/key-only"] = "must name an application and a stream key",
        };
        foreach (var (url, reason) in refused)
        {
            using var response = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), new { title = "Refused", simulcastTargets = new[] { new { url } } });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
            problem.Errors!.Keys.ShouldContain("simulcastTargets[0].url", url);
            problem.Errors["simulcastTargets[0].url"].ShouldContain(m => m.Contains(reason, StringComparison.Ordinal), url);
        }

        var tooMany = Enumerable.Range(0, 4).Select(i => new { url = $"rtmp://example.com/app/key{i}" }).ToArray();
        using var many = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), new { title = "Too many", simulcastTargets = tooMany });
        many.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await many.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("simulcastTargets");
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
