using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// What a viewer's player opens, all from the signed links <c>GET /videos/{id}/play</c> answers: the player page to embed
/// (and what it plays), the storyboard of seek previews, and the owner's caption tracks inside the HLS and DASH manifests.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed partial class EmbeddingThePlayer(EmbeddedStorageApp app) : OneVideoSpec<EmbeddedStorageApp>(app)
{
    private const string Captions = "WEBVTT\n\n00:00:00.200 --> 00:00:01.800\nHello from the captions\n";
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [Fact]
    public async Task the_play_answer_links_the_player_page_which_only_the_service_itself_may_frame_by_default()
    {
        var id = await HolidayAsync();
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var embed = play.Embed.ShouldNotBeNull();
        embed.AbsolutePath.ShouldBe($"/embed/{id}");
        embed.Query.ShouldBe(play.Hls.ShouldNotBeNull().Query, "the page's link expires with the other links");

        var page = await Api.GetSignedAsync(embed);
        page.Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
        page.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldEndWith("; frame-ancestors 'self'");
        page.Context.Response.Headers.XFrameOptions.ShouldBeEmpty();
        (await page.ReadAsTextAsync()).ShouldContain("<div id=\"root\">");

        var data = await Api.GetSignedAsync(new Uri(embed, $"/videos/{id}/embed{embed.Query}"));
        using var played = JsonDocument.Parse(await data.ReadAsTextAsync());
        var root = played.RootElement;
        root.GetProperty("title").GetString().ShouldBe("A test clip");
        new Uri(root.GetProperty("hls").GetString()!).ShouldBe(play.Hls);
        new Uri(root.GetProperty("storyboard").GetString()!).ShouldBe(play.Storyboard.ShouldNotBeNull());
        root.GetProperty("poster").GetString().ShouldNotBeNullOrEmpty();
        root.GetProperty("url").GetString().ShouldNotBeNullOrEmpty();
        root.GetProperty("captions").GetArrayLength().ShouldBe(0);
        root.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(play.ExpiresAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task the_player_pages_data_is_refused_once_its_link_expires_or_is_altered_but_the_page_still_opens_to_say_so()
    {
        var id = await HolidayAsync();
        var embed = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Embed.ShouldNotBeNull();
        var data = new Uri(embed, $"/videos/{id}/embed{embed.Query}");

        var altered = new Uri(data.AbsoluteUri.Replace("sig=", "sig=0", StringComparison.Ordinal));
        (await (await Api.GetSignedAsync(altered, 403)).ReadAsTextAsync()).ShouldContain("Invalid or expired playback URL");

        App.Clock.Advance(TimeSpan.FromHours(2));
        await Api.GetSignedAsync(data, 403);
        await Api.GetSignedAsync(embed);
    }

    [Fact]
    public async Task the_storyboard_names_a_tile_every_two_seconds_of_one_signed_sprite()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p10s());
        var storyboard = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Storyboard.ShouldNotBeNull();
        storyboard.AbsolutePath.ShouldBe($"/videos/{id}/storyboard.vtt");

        var answer = await Api.GetSignedAsync(storyboard);
        answer.Context.Response.ContentType.ShouldBe("text/vtt; charset=utf-8");
        var vtt = await answer.ReadAsTextAsync();
        vtt.ShouldStartWith("WEBVTT\n");
        var cues = Cue().Matches(vtt).Select(m => (m.Groups["start"].Value, m.Groups["end"].Value, m.Groups["sprite"].Value, m.Groups["xywh"].Value)).ToList();
        cues.Select(c => (c.Item1, c.Item4)).ShouldBe([
            ("00:00:00.000", "0,0,160,90"),
            ("00:00:02.000", "160,0,160,90"),
            ("00:00:04.000", "320,0,160,90"),
            ("00:00:06.000", "480,0,160,90"),
            ("00:00:08.000", "640,0,160,90"),
        ]);
        cues[0].Item2.ShouldBe("00:00:02.000");
        cues[^1].Item2.ShouldStartWith("00:00:10.", customMessage: "the last tile lasts to the end of the video");
        var sprite = new Uri(cues.Select(c => c.Item3).Distinct().ShouldHaveSingleItem());
        var picture = (await Ffprobe.StreamsAsync(await Api.DownloadAsync(sprite, ".jpg"))).ShouldHaveSingleItem();
        (picture.CodecName, picture.Width, picture.Height).ShouldBe(("mjpeg", 5 * 160, 90));

        var events = await Api.EventsAsync(id);
        events.Count(e => e.Type == "StoryboardReady").ShouldBe(1);
        await Api.GetSignedAsync(new Uri(storyboard.AbsoluteUri.Replace("sig=", "sig=0", StringComparison.Ordinal)), 403);
    }

    [Fact]
    public async Task caption_tracks_join_the_hls_master_as_a_subtitles_group_and_the_dash_manifest_as_text()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        await Api.AddCaptionAsync(id, "en", "English \"CC\"", Captions);
        await Api.AddCaptionAsync(id, "fr", "Français", Captions.Replace("Hello", "Bonjour", StringComparison.Ordinal));
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var grant = play.Hls.ShouldNotBeNull().Query.TrimStart('?');

        var master = await (await Api.GetSignedAsync(play.Hls)).ReadAsTextAsync();
        master.ShouldContain($"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"English 'CC'\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=\"subtitles/en/index.m3u8?{grant}\"");
        master.ShouldContain($"URI=\"subtitles/fr/index.m3u8?{grant}\"");
        master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ShouldAllBe(l => l.EndsWith(",SUBTITLES=\"captions\"", StringComparison.Ordinal));

        var subtitles = await (await Api.GetSignedAsync(new Uri(play.Hls, $"subtitles/fr/index.m3u8?{grant}"))).ReadAsTextAsync();
        subtitles.ShouldContain("#EXT-X-PLAYLIST-TYPE:VOD");
        subtitles.ShouldMatch(@"#EXTINF:2\.\d{3},\n");
        var webVtt = new Uri(subtitles.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)));
        (await (await Api.GetSignedAsync(webVtt)).ReadAsTextAsync()).ShouldContain("Bonjour from the captions");

        var manifest = XDocument.Parse(await (await Api.GetSignedAsync(play.Dash.ShouldNotBeNull())).ReadAsTextAsync());
        var text = manifest.Descendants(Mpd + "AdaptationSet").Where(a => (string?)a.Attribute("contentType") == "text").ToList();
        text.Select(a => ((string?)a.Attribute("lang"), (string?)a.Attribute("mimeType"))).ShouldBe([("en", "text/vtt"), ("fr", "text/vtt")]);
        var english = new Uri(text[0].Descendants(Mpd + "BaseURL").Single().Value);
        (await (await Api.GetSignedAsync(english)).ReadAsTextAsync()).ShouldContain("Hello from the captions");

        await Api.DeleteAsync($"/videos/{id}/captions/fr", 204);
        (await (await Api.GetSignedAsync(play.Hls)).ReadAsTextAsync()).ShouldNotContain("subtitles/fr/");
        await Api.GetSignedAsync(new Uri(play.Hls, $"subtitles/fr/index.m3u8?{grant}"), 404);
    }

    /// <summary>The video the player page specs open, which none changes; the storyboard and caption specs make their own.</summary>
    private Task<Guid> HolidayAsync() => TheVideoAsync(async () => await Api.UploadAndProcessAsync(await TestClips.Landscape480p(), "holiday.mp4"));

    [GeneratedRegex(@"(?<start>\d\d:\d\d:\d\d\.\d{3}) --> (?<end>\d\d:\d\d:\d\d\.\d{3})\n(?<sprite>[^#\n]+)#xywh=(?<xywh>[0-9,]+)\n")]
    private static partial Regex Cue();
}
