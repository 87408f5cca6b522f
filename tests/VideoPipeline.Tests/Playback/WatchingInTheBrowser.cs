using VideoPipeline.BuildingBlocks.Security;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// A viewer watches a processed video with captions through the embeddable player page in Debian's Chromium
/// (dashboard/e2e/player.mjs), against the service on a real port.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class WatchingInTheBrowser(KestrelApp app)
{
    [Fact]
    public async Task the_embed_page_plays_shows_captions_and_seek_previews_steps_down_on_a_slow_network_and_says_when_its_link_expired()
    {
        var videoId = await app.UploadAndProcessAsync(await TestClips.Hd720p10s());
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("en"), "language" },
            { new StringContent("English"), "label" },
            { new ByteArrayContent("WEBVTT\n\n00:00:00.000 --> 00:00:09.500\nHello from the captions\n"u8.ToArray()), "file", "en.vtt" },
        })
        {
            (await app.Client.PostAsync(new Uri($"/videos/{videoId}/captions", UriKind.Relative), form)).EnsureSuccessStatusCode();
        }

        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{videoId}/play", UriKind.Relative)))!;
        var expiredGrant = app.Services.GetRequiredService<PlaylistGrant>().Query(videoId, DateTimeOffset.UtcNow.AddMinutes(-1));
        var expired = new Uri(app.BaseUrl, $"/embed/{videoId}?{expiredGrant}");

        var output = await BrowserSpecs.RunAsync("player.mjs", play.Embed.ShouldNotBeNull().ToString(), expired.ToString());

        output.ShouldContain("player: ok");
    }
}
