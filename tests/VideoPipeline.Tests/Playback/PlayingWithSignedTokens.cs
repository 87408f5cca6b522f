using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Analytics;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// An integrator's backend signs playback tokens itself (a JWT with one of its signing keys): every playback route
/// accepts <c>?token=</c> beside the service's own grant, for what the token's <c>aud</c> opens, until it expires, from
/// where its playback restriction allows; a deleted key stops opening anything on every node at once. The specs share one
/// processed video: what one adds beside it (a caption, keys, a restriction, a view) the others do not look at.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class PlayingWithSignedTokens(EmbeddedStorageApp app) : OneVideoSpec<EmbeddedStorageApp>(app)
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    private SignedPlaybackApi Signed => new(Api);

    private DateTimeOffset InAnHour => App.Clock.GetUtcNow().AddHours(1);

    [Fact]
    public async Task a_token_signed_by_the_owner_plays_hls_dash_mp4_and_captions_and_every_link_carries_it()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        await Api.AddCaptionAsync(id, "en", "English", "WEBVTT\n\n00:00:00.200 --> 00:00:01.800\nHello\n");
        var key = await Signed.CreateSigningKeyAsync();
        var token = PlaybackTokenMinter.Sign(key, id, InAnHour);
        var credential = $"token={Uri.EscapeDataString(token)}";

        var masterAnswer = await Signed.GetAsync($"/videos/{id}/hls/master.m3u8?{credential}", 200);
        masterAnswer.Context.Response.Headers.AccessControlAllowOrigin.ToString().ShouldBe("*");
        var master = await masterAnswer.ReadAsTextAsync();
        var variant = master.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        variant.ShouldEndWith($"?{credential}");
        master.ShouldContain($"URI=\"subtitles/en/index.m3u8?{credential}\"");
        var media = await (await Signed.GetAsync($"/videos/{id}/hls/{variant}", 200)).ReadAsTextAsync();
        media.ShouldContain("#EXTINF:");
        var subtitles = await (await Signed.GetAsync($"/videos/{id}/hls/subtitles/en/index.m3u8?{credential}", 200)).ReadAsTextAsync();
        var caption = new Uri(subtitles.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)));
        caption.Query.ShouldBe($"?{credential}");
        (await (await Signed.GetAsync(caption.PathAndQuery, 200)).ReadAsTextAsync()).ShouldContain("Hello");

        var manifest = XDocument.Parse(await (await Signed.GetAsync($"/videos/{id}/dash/manifest.mpd?{credential}", 200)).ReadAsTextAsync());
        var template = manifest.Descendants(Mpd + "SegmentTemplate").First();
        var initialization = (string)template.Attribute("initialization")!;
        initialization.ShouldEndWith($"?{credential}");
        var header = await Signed.GetAsync($"/videos/{id}/dash/{initialization.Replace("$RepresentationID$", "480p", StringComparison.Ordinal)}", 302);
        header.Context.Response.Headers.Location.ToString().ShouldContain("/storage/");

        var mp4 = await Signed.GetAsync($"/videos/{id}/480p.mp4?{credential}", 302);
        (await Api.GetSignedAsync(new Uri(mp4.Context.Response.Headers.Location.ToString()))).Context.Response.ContentLength.ShouldNotBeNull().ShouldBeGreaterThan(1000);
        await Signed.RefusedAsync($"/videos/{id}/2160p.mp4?{credential}", 404);

        using var embedded = JsonDocument.Parse(await (await Signed.GetAsync($"/videos/{id}/embed?{credential}", 200)).ReadAsTextAsync());
        new Uri(embedded.RootElement.GetProperty("hls").GetString()!).Query.ShouldBe($"?{credential}");
        var previews = new Uri(embedded.RootElement.GetProperty("storyboard").GetString().ShouldNotBeNull("the player page shows seek previews with a video token"));
        previews.Query.ShouldBe($"?{credential}");
        (await (await Signed.GetAsync(previews.PathAndQuery, 200)).ReadAsTextAsync()).ShouldStartWith("WEBVTT");
        embedded.RootElement.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(InAnHour, TimeSpan.FromSeconds(1));
        (await Signed.GetAsync($"/embed/{id}?{credential}", 200)).Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
    }

    [Fact]
    public async Task todays_signed_links_keep_working_beside_tokens()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");

        (await (await Api.GetSignedAsync(play.Hls.ShouldNotBeNull())).ReadAsTextAsync()).ShouldContain(play.Hls.Query.TrimStart('?'));
        await Api.GetSignedAsync(new Uri(play.Hls, $"/videos/{id}/480p.mp4{play.Hls.Query}"), 302);
        await Api.GetSignedAsync(play.Storyboard.ShouldNotBeNull());
    }

    [Fact]
    public async Task tokens_of_the_wrong_key_audience_video_or_algorithm_or_expired_are_refused_with_a_reason()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = await Signed.CreateSigningKeyAsync();
        var other = await Signed.CreateSigningKeyAsync();
        string Master(string token) => $"/videos/{id}/hls/master.m3u8?token={Uri.EscapeDataString(token)}";

        var cases = new (string Case, string Token, int Status, string Reason)[]
        {
            ("signed by another key under this key's id", PlaybackTokenMinter.Sign(other.PrivateKey!, "RS256", key.Id, id, InAnHour), 401, "signature"),
            ("for the thumbnails", PlaybackTokenMinter.Sign(key, id, InAnHour, audience: "t"), 403, "aud"),
            ("for another video", PlaybackTokenMinter.Sign(key, Guid.NewGuid(), InAnHour), 403, "sub"),
            ("unsigned", PlaybackTokenMinter.WithoutSignature(key.Id, id, InAnHour), 401, "'none'"),
            ("HS256 with the public key", PlaybackTokenMinter.HmacWithPublicKey(key, id, InAnHour), 401, "'HS256'"),
            ("naming no key", PlaybackTokenMinter.Sign(key.PrivateKey!, "RS256", Guid.NewGuid(), id, InAnHour), 401, "no signing key"),
            ("not a JWT", "abc.def", 401, "not a JWT"),
        };
        foreach (var (name, token, status, reason) in cases)
        {
            var problem = await Signed.RefusedAsync(Master(token), status);
            problem.Detail.ShouldNotBeNull().ShouldContain(reason, Case.Sensitive, name);
        }

        var valid = PlaybackTokenMinter.Sign(key, id, InAnHour);
        await Signed.GetAsync(Master(valid), 200);
        App.Clock.Advance(TimeSpan.FromHours(1));
        (await Signed.RefusedAsync(Master(valid), 401)).Title.ShouldBe("Expired playback token");
        (await Signed.RefusedAsync($"/videos/{id}/embed?token={Uri.EscapeDataString(valid)}", 401)).Title.ShouldBe("Expired playback token");
    }

    [Fact]
    public async Task a_token_signed_with_one_owners_key_does_not_open_another_owners_video()
    {
        var theirs = await TheVideoAsync(TestClips.Landscape480p);
        var mine = await Signed.CreateSigningKeyAsync(key: VideoApi.OtherOwnersKey);

        var problem = await Signed.RefusedAsync($"/videos/{theirs}/hls/master.m3u8?token={PlaybackTokenMinter.Sign(mine, theirs, InAnHour)}", 403);

        problem.Detail.ShouldBe("The token is signed with a key of another owner than the video's.");
    }

    [Fact]
    public async Task a_storyboard_token_opens_the_seek_previews_alone()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = await Signed.CreateSigningKeyAsync("ES256");

        var vtt = await (await Signed.GetAsync($"/videos/{id}/storyboard.vtt?token={PlaybackTokenMinter.Sign(key, id, InAnHour, audience: "s")}", 200)).ReadAsTextAsync();

        vtt.ShouldStartWith("WEBVTT");
        await Signed.RefusedAsync($"/videos/{id}/storyboard.vtt?token={PlaybackTokenMinter.Sign(key, id, InAnHour, audience: "t")}", 403);
        await Signed.RefusedAsync($"/videos/{id}/hls/master.m3u8?token={PlaybackTokenMinter.Sign(key, id, InAnHour, audience: "s")}", 403);
    }

    [Fact]
    public async Task a_deleted_signing_key_is_refused_on_every_node_within_a_second()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = await Signed.CreateSigningKeyAsync();
        var master = $"/videos/{id}/hls/master.m3u8?token={PlaybackTokenMinter.Sign(key, id, DateTimeOffset.UtcNow.AddHours(1))}";
        await using var secondNode = await App.SecondNodeAsync();
        await Signed.GetAsync(master, 200);
        await Signed.GetAsync(master, 200, on: secondNode);

        await Api.DeleteAsync($"/signing-keys/{key.Id}", 204);

        (await Signed.RefusedAsync(master, 401)).Detail.ShouldNotBeNull().ShouldContain("no signing key");
        await Eventually.WaitForAsync(
            async () => (await secondNode.Scenario(x =>
            {
                x.Get.Url($"/videos/{id}/hls/master.m3u8");
                x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(master[master.IndexOf('?', StringComparison.Ordinal)..]));
                x.IgnoreStatusCode();
            })).Context.Response.StatusCode,
            status => status == 401, TimeSpan.FromSeconds(1), "the second node to refuse the deleted key's token");
    }

    [Fact]
    public async Task a_restricted_token_plays_only_from_the_sites_its_restriction_allows()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = await Signed.CreateSigningKeyAsync();
        var restriction = await Signed.CreateRestrictionAsync(["*.example.com"]);
        var credential = $"token={PlaybackTokenMinter.Sign(key, id, InAnHour, restriction: restriction.Id)}";
        var master = $"/videos/{id}/hls/master.m3u8?{credential}";

        await Signed.GetAsync(master, 200, referrer: "https://www.example.com/watch");
        (await Signed.RefusedAsync(master, 403, referrer: "https://example.org/")).Detail.ShouldBe("The video's playback restriction does not allow pages of example.org.");
        await Signed.RefusedAsync(master, 403);
        await Signed.RefusedAsync($"/videos/{id}/dash/manifest.mpd?{credential}", 403, referrer: "https://example.org/");
        await Signed.RefusedAsync($"/videos/{id}/embed?{credential}", 403, referrer: "https://example.org/");
        await Signed.GetAsync($"/videos/{id}/embed?{credential}", 200, referrer: $"http://localhost/embed/{id}?{credential}");

        var page = await Signed.GetAsync($"/embed/{id}?{credential}", 200, referrer: "https://www.example.com/");
        page.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldEndWith("frame-ancestors 'self' *.example.com:*");
        page.Context.Response.Headers["Referrer-Policy"].ToString().ShouldBe("same-origin");
        var refused = await Signed.GetAsync($"/embed/{id}?{credential}", 403, referrer: "https://example.org/");
        refused.Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
        refused.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldEndWith("frame-ancestors *", customMessage: "the refusal shows inside the refused site's frame");
        (await refused.ReadAsTextAsync()).ShouldContain("Playback is not allowed here");

        await Api.DeleteAsync($"/playback-restrictions/{restriction.Id}", 204);
        (await Signed.RefusedAsync(master, 403, referrer: "https://www.example.com/")).Detail.ShouldNotBeNull().ShouldContain("playback_restriction_id");
    }

    [Fact]
    public async Task a_players_beacons_are_accepted_with_its_token()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = await Signed.CreateSigningKeyAsync();
        var view = Beacons.AWholeView(Guid.NewGuid())[0];

        await SendBeaconAsync(id, PlaybackTokenMinter.Sign(key, id, InAnHour), view, 204);
        await SendBeaconAsync(id, PlaybackTokenMinter.Sign(key, id, InAnHour, audience: "s"), view, 403);
        await SendBeaconAsync(Guid.NewGuid(), PlaybackTokenMinter.Sign(key, id, InAnHour), view, 403);
    }

    private Task<Alba.IScenarioResult> SendBeaconAsync(Guid id, string token, string body, int status) =>
        Api.Host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl($"/videos/{id}/beacons");
            x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString($"?token={token}"));
            x.StatusCodeShouldBe(status);
        });
}
