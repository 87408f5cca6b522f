using System.Net;
using System.Net.Http.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>A real player outside the process (ffprobe/ffmpeg) opens the signed HLS URL of a service on a real port.</summary>
[Collection(KestrelCollection.Name)]
public sealed class PlayingHlsInAPlayer(KestrelApp app)
{
    [Fact]
    public async Task ffprobe_and_ffmpeg_play_the_signed_hls_url_with_nothing_but_the_url()
    {
        var id = await app.UploadAndProcessAsync(await TestClips.Landscape480p());
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;
        var hls = play.Hls.ShouldNotBeNull();
        hls.GetLeftPart(UriPartial.Authority).ShouldBe(app.BaseUrl.GetLeftPart(UriPartial.Authority));

        var streams = await Ffprobe.StreamsAsync(hls.ToString());
        streams.Where(s => s.CodecType == "video").Select(s => s.Height).Distinct().ShouldBe([360, 480], ignoreOrder: true);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
        (await Ffprobe.DecodeAsync(hls.ToString())).ShouldContain("Video: h264");
    }

    [Fact]
    public async Task the_hls_url_is_refused_once_tampered_with()
    {
        var id = await app.UploadAndProcessAsync(await TestClips.Landscape480p());
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{id}/play", UriKind.Relative)))!;
        var tampered = new Uri(play.Hls!.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal));

        using var anonymous = new HttpClient();
        (await anonymous.GetAsync(play.Hls)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
