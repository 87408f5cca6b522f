using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;
using static VideoPipeline.Tests.Infrastructure.PlaylistLines;

namespace VideoPipeline.Tests.Live;

/// <summary>A low-latency broadcast (<c>latency: "low"</c>): its live playlist is LL-HLS, checked against RFC 8216bis as a player reads it.</summary>
public sealed partial class BroadcastingLive
{
    [Fact]
    public async Task a_low_latency_publish_serves_ll_hls_whose_blocking_reload_answers_once_the_part_exists_and_its_recording_is_still_finished()
    {
        var created = await CreateAsync(new { title = "Spec low latency", latency = "low" });
        created.Latency.ShouldBe("low");
        await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 120);
        await StatusAsync(created.Id, s => s.Status == "active" && s.ActiveVideoId is not null, "the broadcast to be active");
        var play = (await Eventually.WaitForAsync(() => PlayAsync(created.Id), p => p is not null, Soon, "signed links to the broadcast"))!;
        var media = await MediaPlaylistUrlAsync(play.Hls);

        var playlist = await Eventually.WaitForAsync(() => Api.GetStringAsync(media),
            p => Segments(p) >= 1 && p.Contains("#EXT-X-PRELOAD-HINT:", StringComparison.Ordinal), Soon, "a low-latency live playlist with a whole segment");
        var lines = Lines(playlist);
        var partTarget = Number(Attribute(lines, "#EXT-X-PART-INF:", "PART-TARGET"));
        Attribute(lines, "#EXT-X-SERVER-CONTROL:", "CAN-BLOCK-RELOAD").ShouldBe("YES");
        Number(Attribute(lines, "#EXT-X-SERVER-CONTROL:", "PART-HOLD-BACK")).ShouldBeGreaterThanOrEqualTo(3 * partTarget, "§4.4.3.8: three part targets, as recommended");
        var parts = lines.Where(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)).ToList();
        parts.ShouldNotBeEmpty();
        PartDurations(lines).Max().ShouldBeLessThanOrEqualTo(partTarget, "§4.4.4.9: no part longer than the part target");
        ShortParts(lines, 0.85 * partTarget).ShouldBeEmpty("§4.4.4.9: every part but a segment's last and the independent ones lasts at least 85 % of the part target");
        lines.Count(l => l.StartsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=", StringComparison.Ordinal)).ShouldBe(1);
        Array.FindIndex(lines, l => l.StartsWith("#EXT-X-PRELOAD-HINT:", StringComparison.Ordinal))
            .ShouldBeGreaterThan(Array.FindLastIndex(lines, l => !l.StartsWith('#') || l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)), "the hint names the part after the last one listed");
        lines.ShouldContain(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("#EXT-X-DISCONTINUITY-SEQUENCE:", StringComparison.Ordinal));
        playlist.ShouldNotContain("#EXT-X-PLAYLIST-TYPE", customMessage: "a sliding window, started near the live edge");
        playlist.ShouldNotContain("#EXT-X-ENDLIST");
        // §4.4.5.4: where each other rendition of the ladder stands, as a URL the service answers beside this one.
        var reports = lines.Where(l => l.StartsWith("#EXT-X-RENDITION-REPORT:", StringComparison.Ordinal)).ToList();
        var rungs = Lines(await Api.GetStringAsync(play.Hls)).Count(l => !l.StartsWith('#'));
        reports.Count.ShouldBe(rungs, "every other rendition: the rungs but this one, and the audio");
        reports.ShouldAllBe(r => r.Contains("LAST-MSN=", StringComparison.Ordinal) && r.Contains("LAST-PART=", StringComparison.Ordinal));
        (await Api.GetAsync(new Uri(media, Attribute([reports[0]], "#EXT-X-RENDITION-REPORT:", "URI").Trim('"')))).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Dated from when the frames came in: the newest part cannot have been published before its last frame arrived.
        // The run's date is an estimate (the earliest "now less the media written" seen), off by the least delay with which
        // a piece came out after its frames, more on a loaded machine, and printed to the millisecond: a quarter of a
        // second allows that, and a date counted from anything later than the frames' arrival still fails.
        var newest = Array.FindLastIndex(lines, l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal));
        var dated = DateTimeOffset.Parse(lines[newest]["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture);
        var since = lines.Skip(newest).Where(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)).Sum(l => Number(Attribute([l], "#EXT-X-PART:", "DURATION")));
        dated.AddSeconds(since).ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddSeconds(0.25), "a part's last frame came in before the part was published");

        // The hinted part did not exist when the playlist was read: the reload asking for it is answered once the playlist
        // holds it (or, if its segment ended before it, the part after), and no later than the segment after.
        var (msn, part) = Hinted(lines);
        LowLatencyPlaylist.Parse(playlist).Judge(msn, part).ShouldBe(ReloadVerdict.Wait);
        var answered = await Api.GetStringAsync(With(media, $"_HLS_msn={msn}&_HLS_part={part}"));
        var position = LowLatencyPlaylist.Parse(answered);
        position.Judge(msn, part).ShouldBe(ReloadVerdict.Ready, $"the answer holds part {part} of segment {msn}, or what follows it");
        position.OpenSequence.ShouldBeLessThanOrEqualTo(msn + 2, "answered once the part was there, not a segment later");
        (await Api.GetAsync(With(media, $"_HLS_msn={position.OpenSequence + 4}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "§6.2.5.2: too far ahead");

        // The hinted part, asked for before it is published, is held and then served.
        var hinting = Lines(await Api.GetStringAsync(media));
        var hint = Attribute(hinting, "#EXT-X-PRELOAD-HINT:", "URI").Trim('"');
        using (var early = await Api.GetAsync(new Uri(media, hint)))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.OK, hint);
            (await early.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(0);
        }

        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => VideoAsync(play.VideoId), v => v.Status == "processed", Soon, "the recording to be processed");
        var events = (await Api.GetFromJsonAsync<List<VideoEventDto>>(new Uri($"/videos/{play.VideoId}/events", UriKind.Relative)))!.Select(e => e.Type).ToList();
        events.ShouldNotContain("ProcessingStarted", "no transcode of the recording ran");
        var vod = (await Api.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{play.VideoId}/play", UriKind.Relative)))!;
        var finished = await Api.GetStringAsync(await MediaPlaylistUrlAsync(vod.Hls!));
        finished.ShouldContain("#EXT-X-ENDLIST");
        finished.ShouldNotContain("#EXT-X-PART:");
        finished.ShouldNotContain("#EXT-X-PRELOAD-HINT");
    }

    [Fact]
    public async Task the_player_page_plays_a_low_latency_broadcast_in_chromium_and_shows_how_far_behind_live_it_is()
    {
        var created = await CreateAsync(new { title = "Spec watched live", latency = "low" });
        await using var publisher = Publisher.Start(app.RtmpUrl, created.StreamKey, seconds: 120);
        await StatusAsync(created.Id, s => s.Status == "active", "the broadcast to be active");
        var play = (await Eventually.WaitForAsync(() => PlayAsync(created.Id), p => p is not null, Soon, "signed links to the broadcast"))!;
        await MediaPlaylistUrlAsync(play.Hls);

        var watched = await BrowserSpecs.RunAsync("live-player.mjs", play.Embed.ToString());

        watched.ShouldContain("live player: ok");
        (await Api.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    /// <summary>The segment and part the preload hint names (<c>parts/seg_00012.3.m4s</c> → 12, 3).</summary>
    private static (long Msn, int Part) Hinted(string[] lines)
    {
        var match = HintedPart().Match(Attribute(lines, "#EXT-X-PRELOAD-HINT:", "URI"));
        match.Success.ShouldBeTrue("the hint names a part");
        return (long.Parse(match.Groups["msn"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture));
    }

    private static Uri With(Uri playlist, string directives) => new($"{playlist.AbsoluteUri}&{directives}");

    [GeneratedRegex(@"parts/seg_(?<msn>\d{5})\.(?<part>\d+)\.m4s")]
    private static partial Regex HintedPart();
}
