using System.Net.Http.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// An integrator's own player on a page of another origin (dashboard/e2e/own-player.mjs, in Debian's Chromium): hls.js
/// plays the signed HLS URL and dash.js the signed DASH URL, reading the service and its storage across origins. Run once
/// per storage backend (with S3, the media come from s3rver, whose bucket CORS eng/infra.sh sets).
/// </summary>
public abstract class PlayingInYourOwnPlayer(KestrelApp app)
{
    [Fact]
    public async Task hls_js_and_dash_js_on_a_page_of_another_origin_play_the_signed_urls()
    {
        var id = await app.ProcessedOnceAsync(await TestClips.Hd720p10s());
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;

        var output = await BrowserSpecs.RunAsync("own-player.mjs", play.Hls.ShouldNotBeNull().ToString(), play.Dash.ShouldNotBeNull().ToString());

        output.ShouldContain("own player: ok");
    }
}

[Collection(KestrelCollection.Name)]
public sealed class PlayingInYourOwnPlayer_with_the_embedded_store(KestrelApp app) : PlayingInYourOwnPlayer(app);

[Collection(KestrelS3Collection.Name)]
public sealed class PlayingInYourOwnPlayer_with_S3(KestrelS3App app) : PlayingInYourOwnPlayer(app);
