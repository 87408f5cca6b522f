using VideoPipeline.BuildingBlocks.Security;
using System.Web;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// Adaptive playback through signed URLs only: the service answers the HLS playlists and the DASH manifest (authorised
/// by their signature); every file they name is a signed storage URL of the same CMAF segments. Run once per storage backend;
/// the specs share one processed video, which none changes.
/// </summary>
public abstract class StreamingThroughSignedUrls<TApp>(TApp app) : OneVideoSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [Fact]
    public async Task the_hls_master_names_each_rung_and_the_audio_and_each_media_playlist_names_signed_files()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var hls = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Hls.ShouldNotBeNull();
        hls.AbsolutePath.ShouldBe($"/videos/{id}/hls/master.m3u8");

        var master = await Api.GetSignedAsync(hls);
        master.Context.Response.ContentType.ShouldStartWith("application/vnd.apple.mpegurl");
        var masterText = await master.ReadAsTextAsync();
        var grant = hls.Query.TrimStart('?');
        masterText.ShouldContain($"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8?{grant}\"");
        UriLines(masterText).ShouldBe([$"360p/index.m3u8?{grant}", $"480p/index.m3u8?{grant}"]);

        var media = await (await Api.GetSignedAsync(new Uri(hls, UriLines(masterText)[1]))).ReadAsTextAsync();
        var header = new Uri(media.Split('\n').Single(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))["#EXT-X-MAP:URI=\"".Length..^1]);
        header.AbsolutePath.ShouldEndWith($"videos/{id}/cmaf/480p/init.mp4");
        var segments = UriLines(media).Select(s => new Uri(s)).ToList();
        segments.Select(s => s.AbsolutePath[s.AbsolutePath.IndexOf("videos/", StringComparison.Ordinal)..])
            .ShouldBe([$"videos/{id}/cmaf/480p/seg_00000.m4s", $"videos/{id}/cmaf/480p/seg_00001.m4s", $"videos/{id}/cmaf/480p/seg_00002.m4s"]);
        media.ShouldContain("#EXT-X-ENDLIST");

        await ShouldPlayAsync(header, segments[0], s => s.CodecType == "video" && s.CodecName == "h264" && s.Height == 480);
        var audio = await (await Api.GetSignedAsync(new Uri(hls, $"audio/index.m3u8?{grant}"))).ReadAsTextAsync();
        var audioHeader = new Uri(audio.Split('\n').Single(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))["#EXT-X-MAP:URI=\"".Length..^1]);
        await ShouldPlayAsync(audioHeader, new Uri(UriLines(audio)[0]), s => s.CodecType == "audio" && s.CodecName == "aac");
    }

    [Fact]
    public async Task the_dash_manifest_names_the_same_segments_each_redirected_to_its_signed_url()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var dash = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Dash.ShouldNotBeNull();
        dash.AbsolutePath.ShouldBe($"/videos/{id}/dash/manifest.mpd");

        var answer = await Api.GetSignedAsync(dash);
        answer.Context.Response.ContentType.ShouldStartWith("application/dash+xml");
        var manifest = XDocument.Parse(await answer.ReadAsTextAsync());
        var representations = manifest.Descendants(Mpd + "Representation").ToDictionary(r => r.Attribute("id")!.Value);
        representations.Keys.ShouldBe(["360p", "480p", "audio"], ignoreOrder: true);
        var template = representations["480p"].Element(Mpd + "SegmentTemplate")!;
        template.Attribute("media")!.Value.ShouldBe("$RepresentationID$/seg_$Number%05d$.m4s" + dash.Query);

        var header = await RedirectAsync(new Uri(dash, "480p/init.mp4" + dash.Query));
        header.AbsolutePath.ShouldEndWith($"videos/{id}/cmaf/480p/init.mp4");
        var segment = await RedirectAsync(new Uri(dash, "480p/seg_00001.m4s" + dash.Query));
        segment.AbsolutePath.ShouldEndWith($"videos/{id}/cmaf/480p/seg_00001.m4s");
        await ShouldPlayAsync(header, segment, s => s.CodecType == "video" && s.CodecName == "h264" && s.Height == 480);

        await Api.GetSignedAsync(new Uri(dash, "480p/index.m3u8" + dash.Query), expectedStatus: 404);
        await Api.GetSignedAsync(new Uri(dash, "1080p/init.mp4" + dash.Query), expectedStatus: 404);
        await Api.GetSignedAsync(new Uri(dash, "480p/init.mp4?" + dash.Query.Replace("sig=", "sig=0", StringComparison.Ordinal)[1..]), expectedStatus: 403);
    }

    private async Task<Uri> RedirectAsync(Uri url)
    {
        var answer = await Api.GetSignedAsync(url, expectedStatus: 302);
        return new Uri(answer.Context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task a_tampered_or_expired_playlist_or_manifest_url_is_refused()
    {
        var id = Guid.NewGuid();
        var grant = App.Host.Services.GetRequiredService<PlaylistGrant>();
        var valid = grant.Query(id, App.Clock.GetUtcNow().AddMinutes(5));
        var query = HttpUtility.ParseQueryString(valid);
        var (expires, sig) = (query["expires"]!, query["sig"]!);

        foreach (var path in (string[])["hls/master.m3u8", "hls/480p/index.m3u8", "dash/manifest.mpd", "dash/480p/seg_00000.m4s"])
        {
            Uri At(string q) => new($"http://localhost/videos/{id}/{path}?{q}");
            await Api.GetSignedAsync(At(valid), expectedStatus: 404);
            await Api.GetSignedAsync(At($"expires={long.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) + 60}&sig={sig}"), expectedStatus: 403);
            await Api.GetSignedAsync(At($"expires={expires}&sig={Flip(sig)}"), expectedStatus: 403);
            await Api.GetSignedAsync(new Uri($"http://localhost/videos/{Guid.NewGuid()}/{path}?{valid}"), expectedStatus: 403);
            await Api.GetSignedAsync(At(grant.Query(id, App.Clock.GetUtcNow().AddSeconds(-5))), expectedStatus: 403);
            var refusal = await Api.GetSignedAsync(At(""), expectedStatus: 403);
            refusal.Context.Response.ContentType.ShouldBe("application/problem+json");
        }
    }

    protected static List<string> UriLines(string playlist) =>
        playlist.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>A CMAF header and one of its segments, fetched through their signed URLs, decode as one file.</summary>
    private async Task ShouldPlayAsync(Uri header, Uri segment, Func<ProbedStream, bool> expected)
    {
        var joined = await Api.DownloadAsync(header, ".mp4");
        await File.AppendAllBytesAsync(joined, await File.ReadAllBytesAsync(await Api.DownloadAsync(segment, ".m4s")));
        (await Ffprobe.StreamsAsync(joined)).ShouldContain(s => expected(s));
    }

    private static string Flip(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class StreamingThroughSignedUrls_with_the_embedded_store(EmbeddedStorageApp app) : StreamingThroughSignedUrls<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_tampered_or_expired_segment_url_is_refused_by_the_store()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var key = $"videos/{id}/cmaf/480p/seg_00000.m4s";
        var signed = App.Storage.PresignGet(key, App.Clock.GetUtcNow().AddMinutes(5));
        await Api.DownloadAsync(signed, ".m4s");

        var expired = App.Storage.PresignGet(key, App.Clock.GetUtcNow().AddSeconds(-5));
        await Api.GetSignedAsync(expired, expectedStatus: 403);
        await Api.GetSignedAsync(new Uri(signed.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal)), expectedStatus: 403);
        await Api.GetSignedAsync(new Uri(signed.ToString().Replace("/480p/", "/360p/", StringComparison.Ordinal)), expectedStatus: 403);
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class StreamingThroughSignedUrls_with_S3(S3StorageApp app) : StreamingThroughSignedUrls<S3StorageApp>(app)
{
    private static readonly HttpClient S3 = new();

    [Fact]
    public async Task s3_refuses_an_expired_presigned_segment_url()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var url = App.Storage.PresignGet($"videos/{id}/cmaf/480p/seg_00000.m4s", expiresAt);
        (await S3.GetAsync(url)).IsSuccessStatusCode.ShouldBeTrue();

        // s3rver holds the URL to its own clock (AWS signs it with the real time), which no fake clock moves.
        await Eventually.WaitForAsync(async () => (await S3.GetAsync(url)).StatusCode, status => status == System.Net.HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(10), "s3rver to refuse the expired URL");
        // The signature names its signing time truncated to the second and its lifetime in whole seconds, so the store
        // may see it expire up to two seconds before the instant asked for (CI saw it refused more than a second early).
        DateTimeOffset.UtcNow.ShouldBeGreaterThan(expiresAt.AddSeconds(-2), "refused only once it expired");
    }
}
