using System.Net;
using System.Web;
using VideoPipeline.Modules.Playback.Signing;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>With CloudFront configured, every media URL is a CloudFront signed URL for the same object key.</summary>
[Collection(CdnCollection.Name)]
public sealed class PlayingThroughCloudFront(CdnApp app) : HostSpec<CdnApp>(app)
{
    private static readonly IPAddress Player = IPAddress.Parse("192.0.2.10");

    [Fact]
    public async Task renditions_thumbnail_and_streaming_files_are_cloudfront_signed_urls()
    {
        // Few calls on purpose: this host allows each key only a handful of requests a minute.
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.PostAsync($"/videos/{ticket.VideoId}/complete", 202));
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{ticket.VideoId}/play");

        await ShouldBeSignedForCloudFront(play.Url.ShouldNotBeNull(), $"videos/{ticket.VideoId}/480p.mp4");
        await ShouldBeSignedForCloudFront(play.ThumbnailUrl.ShouldNotBeNull(), $"videos/{ticket.VideoId}/thumb.jpg");

        var hls = play.Hls.ShouldNotBeNull();
        hls.Host.ShouldBe("localhost"); // the playlists stay with the service, which signs per viewer
        var master = await (await Api.GetSignedAsync(hls, from: Player)).ReadAsTextAsync();
        var variant = master.Split('\n').Last(l => l.Length > 0 && !l.StartsWith('#'));
        var media = await (await Api.GetSignedAsync(new Uri(hls, variant), from: Player)).ReadAsTextAsync();
        var segment = new Uri(media.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')));
        await ShouldBeSignedForCloudFront(segment, $"videos/{ticket.VideoId}/cmaf/480p/seg_00000.m4s");

        var dash = play.Dash.ShouldNotBeNull();
        var header = (await Api.GetSignedAsync(new Uri(dash, "360p/init.mp4" + dash.Query), expectedStatus: 302, from: Player)).Context.Response.Headers.Location.ToString();
        await ShouldBeSignedForCloudFront(new Uri(header), $"videos/{ticket.VideoId}/cmaf/360p/init.mp4");
    }

    private async Task ShouldBeSignedForCloudFront(Uri url, string key)
    {
        var resource = url.GetLeftPart(UriPartial.Path);
        resource.ShouldBe(CdnApp.CdnBaseUrl + key);
        var query = HttpUtility.ParseQueryString(url.Query);
        query["Key-Pair-Id"].ShouldBe(CdnApp.KeyPairId);
        var expires = long.Parse(query["Expires"].ShouldNotBeNull(), System.Globalization.CultureInfo.InvariantCulture);
        expires.ShouldBeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        query["Signature"].ShouldBe(await OpenSsl.CloudFrontSignatureAsync(App.PrivateKeyPath, CloudFrontSigner.CannedPolicy(resource, expires)));
    }
}
