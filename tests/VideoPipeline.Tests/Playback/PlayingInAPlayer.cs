using System.Net;
using System.Net.Http.Json;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.MediaEngine;

namespace VideoPipeline.Tests.Playback;

/// <summary>A real player outside the process (ffprobe/ffmpeg) opens the signed HLS and DASH URLs of a service on a real port. Run once per storage backend.</summary>
public abstract class PlayingInAPlayer(KestrelApp app)
{
    protected KestrelApp App => app;

    [Fact]
    public async Task ffprobe_and_ffmpeg_play_the_signed_hls_and_dash_urls_with_nothing_but_the_url()
    {
        var id = await app.ProcessedOnceAsync(await TestClips.Landscape480p());
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;

        foreach (var url in new[] { play.Hls.ShouldNotBeNull(), play.Dash.ShouldNotBeNull() })
        {
            url.GetLeftPart(UriPartial.Authority).ShouldBe(app.BaseUrl.GetLeftPart(UriPartial.Authority));
            var streams = await Ffprobe.StreamsAsync(url.ToString());
            streams.Where(s => s.CodecType == "video").Select(s => s.Height).Distinct().ShouldBe([360, 480], ignoreOrder: true);
            streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
            (await Ffprobe.DecodeAsync(url.ToString())).ShouldContain("Video: h264");
        }
    }
}

[Collection(KestrelCollection.Name)]
public sealed class PlayingInAPlayer_with_the_embedded_store(KestrelApp app) : PlayingInAPlayer(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task the_hls_url_is_refused_once_tampered_with()
    {
        var id = await App.ProcessedOnceAsync(await TestClips.Landscape480p());
        var play = (await App.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;
        var tampered = new Uri(play.Hls!.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal));

        using var anonymous = new HttpClient();
        (await anonymous.GetAsync(play.Hls)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_player_started_while_the_ladder_is_still_encoding_plays_the_whole_video()
    {
        using var changes = await ChangeFeed.OpenAsync(App.Client);
        var (id, processing) = await App.UploadAsync(await TestClips.Hd720p10s());

        var playable = await changes.WaitUntilAsync(App.Client, id, v => v.Steps.PlayableAt is not null, "the first segments to be published", Patience);
        var play = (await App.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;
        var growing = await App.Client.GetStringAsync(new Uri(play.Hls!, "360p/index.m3u8" + play.Hls!.Query));
        // Playable means a first part is out, which low-latency players start on; ffmpeg 5.1 reads no parts and skips for
        // good a rendition whose playlist names no whole segment yet, so this player starts once each of its two does.
        foreach (var rendition in new[] { "360p", "audio" })
        {
            await Eventually.WaitForAsync(
                () => App.Client.GetStringAsync(new Uri(play.Hls!, $"{rendition}/index.m3u8" + play.Hls!.Query)),
                playlist => playlist.Contains("#EXTINF", StringComparison.Ordinal), Patience, $"the {rendition} playlist to name a whole segment");
        }

        var recording = Path.Combine(App.StorageRoot, $"{id:N}-early-player.mp4");
        var player = Ffprobe.RecordAsync(play.Hls!.ToString(), recording);

        playable.Status.ShouldBe("processing");
        play.Url.ShouldBeNull("the MP4 comes once the ladder is done");
        play.Dash.ShouldBeNull("the DASH manifest comes once every rendition is finished");
        growing.ShouldContain("#EXT-X-PLAYLIST-TYPE:EVENT");
        growing.ShouldNotContain("#EXT-X-ENDLIST");

        await processing;
        await player;
        var recorded = await Ffmpeg.ProbeAsync(recording);
        recorded.DurationSeconds.ShouldBe(10, tolerance: 0.2);
        recorded.Video.Height.ShouldBe(360);
        (await Ffmpeg.CountFramesAsync(recording)).ShouldBe(300, "every frame of 10 s at 30 fps, none twice");
    }
}

[Collection(KestrelS3Collection.Name)]
public sealed class PlayingInAPlayer_with_S3(KestrelS3App app) : PlayingInAPlayer(app);
