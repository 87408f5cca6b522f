using System.Globalization;
using System.Net;
using System.Xml.Linq;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

/// <summary>Publishing over SRT, the key as the caller's <c>streamid</c>: the same authorization, the same ladder as RTMP.</summary>
public sealed partial class BroadcastingLive
{
    [Fact]
    public async Task a_publish_over_srt_with_the_key_as_streamid_plays_in_hls_and_dynamic_dash_while_it_grows_and_dash_turns_static_when_finished()
    {
        var created = await CreateAsync(new { title = "Spec SRT broadcast" });
        created.SrtUrl.ShouldNotBeNull();
        created.SrtUrl.OriginalString.ShouldBe($"srt://127.0.0.1:{app.SrtPort}?streamid={created.StreamKey}");
        await using var publisher = Publisher.StartSrt(created.SrtUrl, seconds: 120);

        var active = await StatusAsync(created.Id, s => s.Status == "active" && s.ActiveVideoId is not null, "the SRT broadcast to be active");
        var play = await Eventually.WaitForAsync(() => PlayAsync(created.Id), p => p is not null, Soon, "signed links to the broadcast");
        play!.VideoId.ShouldBe(active.ActiveVideoId!.Value);
        var media = await MediaPlaylistUrlAsync(play.Hls);
        var first = await Eventually.WaitForAsync(() => Api.GetStringAsync(media), p => Segments(p) >= 2, Soon, "a live playlist with two segments");
        await Eventually.WaitForAsync(() => Api.GetStringAsync(media), p => Segments(p) > Segments(first), Soon, "the live playlist to grow");
        (await Ffprobe.StreamsAsync(play.Hls.AbsoluteUri)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 320);

        var dynamic = XDocument.Parse(await Api.GetStringAsync(play.Dash)).Root!;
        dynamic.Attribute("type")!.Value.ShouldBe("dynamic");
        DateTimeOffset.Parse(dynamic.Attribute("availabilityStartTime")!.Value, CultureInfo.InvariantCulture).ShouldBeLessThan(DateTimeOffset.UtcNow);
        dynamic.Attribute("timeShiftBufferDepth")!.Value.ShouldBe("PT7200.000S", "the DVR window");
        var timed = DashSegments(dynamic);
        timed.ShouldBeGreaterThan(0);
        (await Ffprobe.StreamsAsync(play.Dash.AbsoluteUri)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264");
        await Eventually.WaitForAsync(async () => DashSegments(XDocument.Parse(await Api.GetStringAsync(play.Dash)).Root!), n => n > timed, Soon, "the dynamic manifest to grow");

        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await publisher.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the SRT publisher is dropped");
        await Eventually.WaitForAsync(() => VideoAsync(play.VideoId), v => v.Status == "processed", Soon, "the recording to be processed");
        var finished = XDocument.Parse(await Api.GetStringAsync(play.Dash)).Root!;
        finished.Attribute("type")!.Value.ShouldBe("static", "the finished recording's manifest");
        finished.Attribute("mediaPresentationDuration").ShouldNotBeNull();
    }

    [Fact]
    public async Task an_srt_caller_without_a_known_key_is_refused_and_nothing_starts()
    {
        await using (var shapeless = Publisher.StartSrt(new Uri($"srt://127.0.0.1:{app.SrtPort}?streamid=guess"), seconds: 5))
        {
            var (code, errors) = await shapeless.ExitAsync(Soon);
            code.ShouldNotBe(0);
            errors.ShouldContain("reject", Case.Insensitive, "refused in the handshake");
        }

        var created = await CreateAsync(new { title = "Spec SRT stream" });
        using (var reset = await Api.PostAsync(new Uri($"/live-streams/{created.Id}/reset-key", UriKind.Relative), null))
        {
            reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using (var old = Publisher.StartSrt(created.SrtUrl!, seconds: 30))
        {
            var (code, errors) = await old.ExitAsync(Soon);
            code.ShouldNotBe(0, "a key that was reset is refused");
            errors.ShouldContain("reject", Case.Insensitive, "refused in the handshake");
        }

        var stream = await GetAsync(created.Id);
        stream.Status.ShouldBe("idle");
        stream.Recordings.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_second_srt_publisher_on_the_same_key_is_refused_while_the_first_stays_live()
    {
        var created = await CreateAsync(new { title = "Spec SRT stream" });
        await using var first = Publisher.StartSrt(created.SrtUrl!, seconds: 60);
        var live = await StatusAsync(created.Id, s => s.Status == "active", "the first SRT publisher to be live");

        await using (var second = Publisher.StartSrt(created.SrtUrl!, seconds: 30))
        {
            var (code, errors) = await second.ExitAsync(Soon);
            code.ShouldNotBe(0);
            errors.ShouldContain("reject", Case.Insensitive, "refused in the handshake");
        }

        var after = await StatusAsync(created.Id, s => s.LastRefusal is not null, "the refusal to be shown to the owner");
        after.LastRefusal.ShouldBe("Another publisher is already live on this stream key.");
        after.Status.ShouldBe("active");
        after.ActiveVideoId.ShouldBe(live.ActiveVideoId);
        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await first.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the first publisher is dropped");
    }

    /// <summary>How many segments the first representation's timeline names (an <c>S</c> and its repeats).</summary>
    private static int DashSegments(XElement mpd) =>
        mpd.Descendants().First(e => e.Name.LocalName == "SegmentTimeline").Elements()
            .Sum(s => 1 + int.Parse(s.Attribute("r")?.Value ?? "0", CultureInfo.InvariantCulture));
}
