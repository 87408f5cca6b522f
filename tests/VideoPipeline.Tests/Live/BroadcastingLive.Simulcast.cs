using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

public sealed partial class BroadcastingLive
{
    [Fact]
    public async Task a_target_added_after_creation_receives_the_next_broadcast_one_added_during_it_at_once_a_removed_one_stops_at_once_and_a_dead_one_fails_alone()
    {
        var deadPort = FreeTcpPort();
        await using var first = Receiver.Start("first-key");
        await using var second = Receiver.Start("second-key");
        using var registered = await Api.PostAsJsonAsync(new Uri("/webhooks", UriKind.Relative),
            new { url = "https://hooks.example.com/simulcast", events = new[] { "live_stream.simulcast_target_failed" } });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var webhook = (await registered.Content.ReadFromJsonAsync<RegisteredWebhookDto>())!;
        try
        {
            var created = await CreateAsync(new { title = "Simulcast", simulcastTargets = new[] { new { url = $"rtmp://127.0.0.1:{deadPort}/app/dead-key" } } });
            var dead = created.SimulcastTargets!.Single();
            var addedBefore = await AddTargetAsync(created.Id, new { url = first.Url, passthrough = "first" });
            (await GetAsync(created.Id)).SimulcastTargets.ShouldBe([
                new SimulcastTargetDto(dead.Id, $"rtmp://127.0.0.1:{deadPort}/app/****", null, "idle", null),
                new SimulcastTargetDto(addedBefore.Id, first.MaskedUrl, "first", "idle", null),
            ]);

            await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 120);
            var live = await StatusAsync(created.Id, s => s.SimulcastTargets![0].Status == "failed" && s.SimulcastTargets[1].Status == "forwarding",
                "the target added after creation forwarding, the dead one failed");
            live.Status.ShouldBe("active", "a failing target does not touch the broadcast");
            live.SimulcastTargets![0].Reason.ShouldNotBeNullOrWhiteSpace();
            live.SimulcastTargets[0].Reason!.ShouldNotContain("dead-key", Case.Sensitive, "the target's key is masked in the reason");
            await first.ReceivesAsync();

            var addedDuring = await AddTargetAsync(created.Id, new { url = second.Url });
            await StatusAsync(created.Id, s => s.SimulcastTargets!.SingleOrDefault(t => t.Id == addedDuring.Id)?.Status == "forwarding", "the target added during the broadcast to be forwarded it");
            await second.ReceivesAsync();

            (await Api.DeleteAsync(new Uri($"/live-streams/{created.Id}/simulcast-targets/{addedBefore.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await first.EndsAsync();
            var after = await GetAsync(created.Id);
            after.Status.ShouldBe("active", "removing a target does not touch the broadcast");
            after.SimulcastTargets!.Select(t => t.Id).ShouldBe([dead.Id, addedDuring.Id]);
            second.Running.ShouldBeTrue("the other target is still forwarded the broadcast");
            (await Ffprobe.StreamsAsync(first.File)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 320);

            (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await second.EndsAsync();
            var video = await Eventually.WaitForAsync(() => VideoAsync(live.ActiveVideoId!.Value), v => v.Status == "processed", Soon, "the recording to be processed");
            video.Status.ShouldBe("processed");
            var ended = await StatusAsync(created.Id, s => s.Status == "idle" && s.SimulcastTargets![1].Status == "ended", "the forwarding to end with the broadcast");
            ended.SimulcastTargets![0].Status.ShouldBe("failed");
            var failed = (await Api.GetFromJsonAsync<DeliveryPageDto>(new Uri($"/webhooks/{webhook.Id}/deliveries", UriKind.Relative)))!.Items
                .Single(d => d.Payload.GetProperty("data").GetProperty("liveStreamId").GetGuid() == created.Id);
            failed.EventType.ShouldBe("live_stream.simulcast_target_failed");
            failed.Payload.GetProperty("data").GetProperty("simulcastTargetId").GetGuid().ShouldBe(dead.Id);
        }
        finally
        {
            (await Api.DeleteAsync(new Uri($"/webhooks/{webhook.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task simulcast_targets_are_added_up_to_the_limit_even_all_at_once_shown_masked_and_managed_by_their_owner_only()
    {
        var created = await CreateAsync(new { title = "Targets", simulcastTargets = new[] { new { url = "rtmp://example.com/app/secret-0" } } });
        created.SimulcastTargets!.Single().Url.ShouldBe("rtmp://example.com/app/****");

        using (var refused = await Api.PostAsJsonAsync(new Uri($"/live-streams/{created.Id}/simulcast-targets", UriKind.Relative), new { url = "rtmp://10.1.2.3/app/key" }))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!["url"].ShouldContain(m => m.Contains("which the service does not connect to", StringComparison.Ordinal));
        }

        using (var tooLong = await Api.PostAsJsonAsync(new Uri($"/live-streams/{created.Id}/simulcast-targets", UriKind.Relative),
                   new { url = "rtmp://example.com/app/key", passthrough = new string('p', 256) }))
        {
            tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await tooLong.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("passthrough");
        }

        var answers = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            Api.PostAsJsonAsync(new Uri($"/live-streams/{created.Id}/simulcast-targets", UriKind.Relative), new { url = $"rtmp://example.com/app/secret-{i}" })));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(2, "one target existed and at most 3 are allowed");
        foreach (var full in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            full.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await full.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("simulcastTargets");
        }

        var location = answers.First(a => a.StatusCode == HttpStatusCode.Created).Headers.Location!;
        answers.ToList().ForEach(a => a.Dispose());
        var shown = await Api.GetStringAsync(new Uri($"/live-streams/{created.Id}", UriKind.Relative));
        shown.ShouldNotContain("secret-", Case.Sensitive, "target keys are never shown");
        (await GetAsync(created.Id)).SimulcastTargets!.Count.ShouldBe(3);
        var one = (await Api.GetFromJsonAsync<SimulcastTargetDto>(location))!;
        one.Url.ShouldBe("rtmp://example.com/app/****");

        foreach (var (method, url) in new[]
                 {
                     (HttpMethod.Post, $"/live-streams/{created.Id}/simulcast-targets"), (HttpMethod.Delete, location.OriginalString), (HttpMethod.Get, location.OriginalString),
                 })
        {
            using var stranger = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute))
            {
                Content = method == HttpMethod.Post ? JsonContent.Create(new { url = "rtmp://example.com/app/stranger" }) : null,
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.OtherOwnersKey) },
            };
            (await Api.SendAsync(stranger)).StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} by another owner");
        }

        (await Api.DeleteAsync(new Uri($"/live-streams/{created.Id}/simulcast-targets/{Guid.NewGuid()}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Api.DeleteAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Api.GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await AddTargetAsync(created.Id, new { url = "rtmp://example.com/app/secret-again" });
        (await GetAsync(created.Id)).SimulcastTargets!.Count.ShouldBe(3);
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

    private async Task<SimulcastTargetDto> AddTargetAsync(Guid liveStreamId, object body)
    {
        using var response = await Api.PostAsJsonAsync(new Uri($"/live-streams/{liveStreamId}/simulcast-targets", UriKind.Relative), body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var target = (await response.Content.ReadFromJsonAsync<SimulcastTargetDto>())!;
        response.Headers.Location!.OriginalString.ShouldBe($"/live-streams/{liveStreamId}/simulcast-targets/{target.Id}");
        return target;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A simulcast target: ffmpeg listening for one RTMP publisher on loopback, keeping what it is sent.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly Process _process;

        private Receiver(string key)
        {
            var port = FreeTcpPort();
            Url = $"rtmp://127.0.0.1:{port}/app/{key}";
            MaskedUrl = $"rtmp://127.0.0.1:{port}/app/****";
            File = Path.Combine(Path.GetTempPath(), "videopipeline-tests", $"simulcast-{Guid.NewGuid():N}.flv");
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            _process = Process.Start(new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -listen 1 -i {Url} -c copy -f flv {File}") { RedirectStandardError = true })!;
        }

        public string Url { get; }
        public string MaskedUrl { get; }
        public string File { get; }
        public bool Running => !_process.HasExited;

        public static Receiver Start(string key) => new(key);

        public async Task ReceivesAsync() =>
            await Eventually.WaitForAsync(() => Task.FromResult(System.IO.File.Exists(File) ? new FileInfo(File).Length : 0), bytes => bytes > 32 * 1024, Soon, $"{MaskedUrl} to be sent the broadcast");

        /// <summary>The sender left (ffmpeg listening for one publisher exits when its publisher goes).</summary>
        public Task EndsAsync() => _process.WaitForExitAsync().WaitAsync(Soon);

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            System.IO.File.Delete(File);
        }
    }
}
