using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

public sealed record CreatedLiveStreamDto(
    Guid Id, string StreamKey, Uri RtmpUrl, Uri? SrtUrl, string Status, string Latency, int ReconnectWindowSeconds, bool Record, List<SimulcastTargetDto>? SimulcastTargets = null);

public sealed record LiveStreamDto(Guid Id, string Title, string Status, Guid? ActiveVideoId, List<Guid> Recordings, string? LastRefusal, List<SimulcastTargetDto>? SimulcastTargets = null);

public sealed record SimulcastTargetDto(Guid Id, string Url, string? Passthrough, string Status, string? Reason);

public sealed record LivePlaybackDto(Guid VideoId, Uri Hls, Uri Dash, Uri Embed, DateTimeOffset ExpiresAt);

/// <summary>
/// Broadcasting through the real ingest server: real ffmpeg publishers, nginx-rtmp asking the service, the ladder encoding
/// the live input, the recording finished as a video, all through HTTP and RTMP.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed partial class BroadcastingLive(LiveApp app)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private HttpClient Api => app.Client;

    [Fact]
    public async Task a_publish_plays_while_it_grows_and_its_recording_is_a_finished_video_without_a_second_encode_that_clips_as_any_video()
    {
        var created = await CreateAsync(new { title = "Spec broadcast" });
        created.Status.ShouldBe("idle");
        await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 120);

        var active = await StatusAsync(created.Id, s => s.Status == "active" && s.ActiveVideoId is not null, "the broadcast to be active");
        var play = await Eventually.WaitForAsync(() => PlayAsync(created.Id), p => p is not null, Soon, "signed links to the broadcast");
        play!.VideoId.ShouldBe(active.ActiveVideoId!.Value);
        var media = await MediaPlaylistUrlAsync(play.Hls);
        var first = await Eventually.WaitForAsync(() => Api.GetStringAsync(media), p => Segments(p) >= 2, Soon, "a live playlist with two segments");
        var grown = await Eventually.WaitForAsync(() => Api.GetStringAsync(media), p => Segments(p) > Segments(first), Soon, "the live playlist to grow");
        grown.ShouldContain("#EXT-X-PROGRAM-DATE-TIME:");
        grown.ShouldNotContain("#EXT-X-ENDLIST");
        grown.ShouldNotContain("#EXT-X-PLAYLIST-TYPE");
        (await Ffprobe.StreamsAsync(play.Hls.AbsoluteUri)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 320);

        var completedAt = DateTimeOffset.UtcNow;
        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await publisher.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the publisher is dropped");

        var video = await Eventually.WaitForAsync(() => VideoAsync(play.VideoId), v => v.Status == "processed", Soon, "the recording to be processed");
        (video.Steps.ProcessedAt!.Value - completedAt).ShouldBeLessThan(TimeSpan.FromSeconds(10), "finished within 10 s of the broadcast's end");
        var events = (await Api.GetFromJsonAsync<List<VideoEventDto>>(new Uri($"/videos/{play.VideoId}/events", UriKind.Relative)))!.Select(e => e.Type).ToList();
        events.ShouldContain("LiveRecordingStarted");
        events.ShouldContain("StreamingReady");
        events.ShouldContain("RenditionReady");
        events.ShouldContain("ThumbnailReady");
        events.ShouldContain("StoryboardReady");
        events.ShouldNotContain("ProcessingStarted", "no transcode of the recording ran: its segments are the broadcast's own");
        var vod = (await Api.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{play.VideoId}/play", UriKind.Relative)))!;
        vod.Dash.ShouldNotBeNull();
        vod.Storyboard.ShouldNotBeNull();
        (await Api.GetStringAsync(await MediaPlaylistUrlAsync(vod.Hls!))).ShouldContain("#EXT-X-ENDLIST");
        (await Ffprobe.StreamsAsync(vod.Url!.AbsoluteUri)).ShouldContain(s => s.CodecType == "audio");

        var idle = await GetAsync(created.Id);
        idle.Status.ShouldBe("idle");
        idle.Recordings.ShouldBe([play.VideoId]);
        (await Api.GetFromJsonAsync<VideoDto>(new Uri($"/videos/{play.VideoId}", UriKind.Relative)))!.Title.ShouldBe("Spec broadcast");
        await ClipsLikeAnyVideoAsync(play.VideoId, vod);
    }

    [Fact]
    public async Task a_wrong_key_and_a_key_that_was_reset_are_refused_before_anything_is_processed()
    {
        await using (var stranger = Publisher.Start(app.RtmpUrl, "sk_" + new string('0', 48), seconds: 5))
        {
            (await stranger.ExitAsync(Soon)).ExitCode.ShouldNotBe(0);
        }

        var created = await CreateAsync(new { title = "Spec stream" });
        using var reset = await Api.PostAsync(new Uri($"/live-streams/{created.Id}/reset-key", UriKind.Relative), null);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var old = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 5))
        {
            (await old.ExitAsync(Soon)).ExitCode.ShouldNotBe(0);
        }

        var stream = await GetAsync(created.Id);
        stream.Status.ShouldBe("idle");
        stream.Recordings.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_second_publisher_on_the_same_key_is_refused_while_the_first_stays_live()
    {
        var created = await CreateAsync(new { title = "Spec stream" });
        await using var first = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 60);
        var live = await StatusAsync(created.Id, s => s.Status == "active", "the first publisher to be live");

        await using (var second = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 5))
        {
            (await second.ExitAsync(Soon)).ExitCode.ShouldNotBe(0);
        }

        var after = await GetAsync(created.Id);
        after.Status.ShouldBe("active");
        after.ActiveVideoId.ShouldBe(live.ActiveVideoId);
        after.LastRefusal.ShouldBe("Another publisher is already live on this stream key.");
        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task a_publisher_back_within_the_window_continues_the_same_recording_after_a_discontinuity()
    {
        var created = await CreateAsync(new { title = "Spec stream", reconnectWindowSeconds = 60 });
        Guid videoId;
        await using (var first = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 8))
        {
            videoId = (await StatusAsync(created.Id, s => s.Status == "active", "the first connection")).ActiveVideoId!.Value;
            await first.ExitAsync(Soon);
        }

        await StatusAsync(created.Id, s => s.Status == "disconnected", "the publisher to be gone");
        await using (var again = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 8))
        {
            var back = await StatusAsync(created.Id, s => s.Status == "active", "the publisher to be back");
            back.ActiveVideoId.ShouldBe(videoId);
            back.Recordings.ShouldBe([videoId]);
            await again.ExitAsync(Soon);
        }

        await StatusAsync(created.Id, s => s.Status == "disconnected", "the publisher to be gone again");
        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => VideoAsync(videoId), v => v.Status == "processed", Soon, "the recording to be processed");
        var vod = (await Api.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{videoId}/play", UriKind.Relative)))!;
        var playlist = await Api.GetStringAsync(await MediaPlaylistUrlAsync(vod.Hls!));
        playlist.ShouldContain("#EXT-X-DISCONTINUITY");
        var names = SegmentNames().Matches(playlist).Select(m => m.Value).ToList();
        names.ShouldBe(names.Distinct().ToList(), "no segment twice");
    }

    [Fact]
    public async Task a_publisher_not_back_within_the_window_ends_the_broadcast_its_recording_is_finished_and_integrators_hear_each_step()
    {
        using var registered = await Api.PostAsJsonAsync(new Uri("/webhooks", UriKind.Relative),
            new { url = "https://hooks.example.com/live", events = new[] { "live_stream.active", "live_stream.disconnected", "live_stream.idle" } });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var webhook = (await registered.Content.ReadFromJsonAsync<RegisteredWebhookDto>())!;
        var created = await CreateAsync(new { title = "Spec stream", reconnectWindowSeconds = 1 });
        await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 5);
        var videoId = (await StatusAsync(created.Id, s => s.Status == "active", "the broadcast")).ActiveVideoId!.Value;
        await publisher.ExitAsync(Soon);

        await StatusAsync(created.Id, s => s.Status == "idle", "the broadcast to end after the window");
        await Eventually.WaitForAsync(() => VideoAsync(videoId), v => v.Status == "processed", Soon, "the recording to be processed");
        var deliveries = (await Api.GetFromJsonAsync<DeliveryPageDto>(new Uri($"/webhooks/{webhook.Id}/deliveries", UriKind.Relative)))!.Items
            .Where(d => d.Payload.GetProperty("data").GetProperty("liveStreamId").GetGuid() == created.Id)
            .OrderBy(d => d.CreatedAt)
            .Select(d => d.EventType)
            .ToList();
        deliveries.ShouldBe(["live_stream.active", "live_stream.disconnected", "live_stream.idle"]);
        (await Api.DeleteAsync(new Uri($"/webhooks/{webhook.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task deleting_a_stream_while_it_is_live_ends_the_broadcast_and_purges_its_recording()
    {
        var created = await CreateAsync(new { title = "Spec stream" });
        await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 60);
        await StatusAsync(created.Id, s => s.Status == "active", "the broadcast");
        var play = await Eventually.WaitForAsync(() => PlayAsync(created.Id), p => p is not null, Soon, "signed links to the broadcast");
        await Eventually.WaitForAsync(async () => (await Api.GetAsync(play!.Hls)).StatusCode, s => s == HttpStatusCode.OK, Soon, "the broadcast to play");

        (await Api.DeleteAsync(new Uri($"/live-streams/{created.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync(new Uri($"/live-streams/{created.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await publisher.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the publisher is dropped");
        await Eventually.WaitForAsync(async () => (await Api.GetAsync(new Uri($"/videos/{play!.VideoId}", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.NotFound, Soon, "the recording to be deleted");
        var folder = Path.Combine(app.StorageRoot, "videos", play!.VideoId.ToString());
        await Eventually.WaitForAsync(() => Task.FromResult(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any()),
            any => !any, Soon, "the recording's objects to be purged");
        await using var afterwards = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 5);
        (await afterwards.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "a deleted stream's key is refused");
    }

    [Fact]
    public async Task an_unknown_latency_or_a_bad_window_is_refused_and_the_callbacks_answer_no_stranger()
    {
        using var ultra = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), new { title = "Ultra", latency = "ultra" });
        ultra.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await ultra.Content.ReadFromJsonAsync<ProblemDto>())!;
        problem.Errors!.Keys.ShouldContain("latency");
        problem.Errors["latency"].ShouldContain("'Latency' must be \"standard\" or \"low\".");
        using var window = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), new { title = "Window", reconnectWindowSeconds = -1 });
        window.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var untitled = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), new { record = true });
        untitled.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await untitled.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("title");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "sk_" + new string('0', 48), ["clientid"] = "1" });
        (await Api.PostAsync(new Uri("/live/rtmp/on-publish?secret=guessed", UriKind.Relative), form)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<CreatedLiveStreamDto> CreateAsync(object body)
    {
        using var response = await Api.PostAsJsonAsync(new Uri("/live-streams", UriKind.Relative), body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CreatedLiveStreamDto>())!;
    }

    private async Task<LiveStreamDto> GetAsync(Guid id) =>
        (await Api.GetFromJsonAsync<LiveStreamDto>(new Uri($"/live-streams/{id}", UriKind.Relative)))!;

    private Task<LiveStreamDto> StatusAsync(Guid id, Func<LiveStreamDto, bool> holds, string what) =>
        Eventually.WaitForAsync(() => GetAsync(id), holds, Soon, what);

    private async Task<LivePlaybackDto?> PlayAsync(Guid id)
    {
        using var response = await Api.GetAsync(new Uri($"/live-streams/{id}/play", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LivePlaybackDto>() : null;
    }

    private async Task<VideoDto> VideoAsync(Guid id) =>
        (await Api.GetFromJsonAsync<VideoDto>(new Uri($"/videos/{id}", UriKind.Relative)))!;

    /// <summary>The first variant's media playlist, as the master (once there is one) names it.</summary>
    private async Task<Uri> MediaPlaylistUrlAsync(Uri master)
    {
        var text = await Eventually.WaitForAsync(async () =>
        {
            using var response = await Api.GetAsync(master);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
        }, t => t.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal), Soon, "the master playlist");
        var variant = text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        return new Uri(master, variant);
    }

    private static int Segments(string playlist) => playlist.Split('\n').Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal));

    [GeneratedRegex(@"seg_\d{5}\.m4s")]
    private static partial Regex SegmentNames();
}
