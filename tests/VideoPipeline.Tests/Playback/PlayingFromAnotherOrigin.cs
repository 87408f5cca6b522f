using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// An integrator's own player, on a page of another origin, reads every playback response: the URL's signature is the
/// credential, so any origin may read it without credentials, preflights for byte ranges are answered and the headers
/// players read are exposed. The owner's API answers no other origin. The specs share one processed, captioned video, which
/// none changes.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class PlayingFromAnotherOrigin(EmbeddedStorageApp app) : OneVideoSpec<EmbeddedStorageApp>(app)
{
    private const string Page = "https://player.example";

    [Fact]
    public async Task every_playlist_manifest_caption_storyboard_and_stored_file_a_player_fetches_is_readable_from_any_origin()
    {
        var (id, play) = await PlayableWithCaptionsAsync();
        var master = await ReadAsync(play.Hls!);
        var mediaPlaylist = new Uri(play.Hls!, Lines(master).First());
        var media = await ReadAsync(mediaPlaylist);
        var header = new Uri(media.Split('\n').Single(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))["#EXT-X-MAP:URI=\"".Length..^1]);
        var storyboard = await ReadAsync(play.Storyboard!);
        var sprite = new Uri(Lines(storyboard).First(l => l.Contains("#xywh=", StringComparison.Ordinal)).Split('#')[0]);
        var embedData = new Uri(play.Hls!, $"/videos/{id}/embed{play.Embed!.Query}");
        var caption = JsonDocument.Parse(await ReadAsync(embedData)).RootElement.GetProperty("captions")[0].GetProperty("url").GetString()!;
        var dashFile = new Uri(play.Dash!, "480p/seg_00001.m4s" + play.Dash!.Query);

        Uri[] playback =
        [
            play.Hls!, mediaPlaylist, header, new(Lines(media).First()), play.Dash!, play.Storyboard!, sprite, embedData, new(caption),
            play.Url!, play.ThumbnailUrl!, new(play.Hls!, $"subtitles/en/index.m3u8{play.Hls!.Query}"),
        ];
        foreach (var url in playback)
        {
            ShouldBeReadableFromAnyOrigin(await FromAnotherOriginAsync(url), url);
        }

        var redirect = await FromAnotherOriginAsync(dashFile, expectedStatus: 302);
        ShouldBeReadableFromAnyOrigin(redirect, dashFile);
        ShouldBeReadableFromAnyOrigin(await FromAnotherOriginAsync(new Uri(redirect.Context.Response.Headers.Location.ToString())), dashFile);
    }

    [Fact]
    public async Task a_byte_range_of_a_stored_file_shows_the_player_its_range_and_size()
    {
        var (_, play) = await PlayableWithCaptionsAsync();

        var range = await FromAnotherOriginAsync(play.Url!, expectedStatus: 206, x => x.WithRequestHeader("Range", "bytes=0-99"));

        ShouldBeReadableFromAnyOrigin(range, play.Url!);
        range.Context.Response.Headers.ContentRange.ToString().ShouldStartWith("bytes 0-99/");
        range.Context.Response.Headers.AcceptRanges.ToString().ShouldBe("bytes");
    }

    [Fact]
    public async Task a_preflight_for_a_byte_range_is_answered_for_playlists_manifests_and_stored_files()
    {
        var (_, play) = await PlayableWithCaptionsAsync();

        foreach (var url in new[] { play.Hls!, play.Dash!, play.Storyboard!, play.Url!, play.ThumbnailUrl! })
        {
            var preflight = await PreflightAsync(url);
            var headers = preflight.Context.Response.Headers;
            headers.AccessControlAllowOrigin.ToString().ShouldBe("*", url.AbsolutePath);
            headers.AccessControlAllowMethods.ToString().Split(',', StringSplitOptions.TrimEntries).ShouldBe(["GET", "HEAD"], ignoreOrder: true);
            headers.AccessControlAllowHeaders.ToString().Split(',', StringSplitOptions.TrimEntries).ShouldContain(h => h.Equals("range", StringComparison.OrdinalIgnoreCase));
            headers.AccessControlAllowCredentials.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task a_refused_playback_url_is_readable_so_the_player_can_tell_its_viewer()
    {
        var (_, play) = await PlayableWithCaptionsAsync();
        var tampered = new Uri(play.Hls!.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal));

        ShouldBeReadableFromAnyOrigin(await FromAnotherOriginAsync(tampered, expectedStatus: 403), tampered);
    }

    [Fact]
    public async Task the_owners_api_answers_no_other_origin()
    {
        var (id, _) = await PlayableWithCaptionsAsync();

        foreach (var path in new[] { "/videos", $"/videos/{id}", $"/videos/{id}/play", $"/videos/{id}/captions" })
        {
            var answer = await Host.Scenario(x =>
            {
                x.Get.Url(path);
                x.WithBearerToken(VideoApi.DevKey);
                x.WithRequestHeader("Origin", Page);
                x.StatusCodeShouldBeOk();
            });
            answer.Context.Response.Headers.AccessControlAllowOrigin.ShouldBeEmpty(path);

            var preflight = await Host.Scenario(x =>
            {
                x.Get.Url(path);
                x.ConfigureHttpContext(http => http.Request.Method = HttpMethods.Options);
                x.WithRequestHeader("Origin", Page);
                x.WithRequestHeader("Access-Control-Request-Method", "GET");
                x.WithRequestHeader("Access-Control-Request-Headers", "authorization");
                x.IgnoreStatusCode();
            });
            preflight.Context.Response.Headers.AccessControlAllowOrigin.ShouldBeEmpty(path);
            preflight.Context.Response.Headers.AccessControlAllowHeaders.ShouldBeEmpty(path);
        }
    }

    private IAlbaHost Host => App.Host;

    private async Task<(Guid Id, PlaybackDto Play)> PlayableWithCaptionsAsync()
    {
        var id = await TheVideoAsync(async () =>
        {
            var captioned = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
            await Api.AddCaptionAsync(captioned, "en", "English", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n");
            return captioned;
        });
        return (id, await Api.GetAsync<PlaybackDto>($"/videos/{id}/play"));
    }

    private async Task<string> ReadAsync(Uri url) => await (await FromAnotherOriginAsync(url)).ReadAsTextAsync();

    /// <summary>GETs a playback URL as a player's page on another origin does: its Origin, no API key.</summary>
    private Task<IScenarioResult> FromAnotherOriginAsync(Uri url, int expectedStatus = 200, Action<Scenario>? more = null) =>
        Host.Scenario(x =>
        {
            x.Get.Url(url.AbsolutePath);
            x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(url.Query));
            x.WithRequestHeader("Origin", Page);
            more?.Invoke(x);
            x.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>What a browser asks before a GET with a Range header from another origin.</summary>
    private Task<IScenarioResult> PreflightAsync(Uri url) =>
        Host.Scenario(x =>
        {
            x.Get.Url(url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.Method = HttpMethods.Options;
                http.Request.QueryString = new QueryString(url.Query);
            });
            x.WithRequestHeader("Origin", Page);
            x.WithRequestHeader("Access-Control-Request-Method", "GET");
            x.WithRequestHeader("Access-Control-Request-Headers", "range");
            x.StatusCodeShouldBe(204);
        });

    private static void ShouldBeReadableFromAnyOrigin(IScenarioResult answer, Uri url)
    {
        var headers = answer.Context.Response.Headers;
        headers.AccessControlAllowOrigin.ToString().ShouldBe("*", url.AbsolutePath);
        headers.AccessControlAllowCredentials.ShouldBeEmpty(url.AbsolutePath);
        headers.AccessControlExposeHeaders.ToString().Split(',', StringSplitOptions.TrimEntries)
            .ShouldBe(["Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified", "Date"], ignoreOrder: true, url.AbsolutePath);
    }

    private static List<string> Lines(string text) => text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
