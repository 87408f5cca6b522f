using System.Web;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Modules.Playback.Hls;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// Adaptive playback through signed URLs only: the service answers the playlists (authorised by their signature),
/// each segment is a signed storage URL. Run once per storage backend.
/// </summary>
public abstract class PlayingOverHls(VideoPipelineApp app) : IAsyncLifetime
{
    protected VideoApi Api { get; } = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task the_hls_url_opens_a_master_playlist_whose_variants_list_signed_segments()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var hls = play.Hls.ShouldNotBeNull();
        hls.AbsolutePath.ShouldBe($"/videos/{id}/hls/master.m3u8");

        var master = await Api.GetSignedAsync(hls);
        master.Context.Response.ContentType.ShouldStartWith("application/vnd.apple.mpegurl");
        var variants = UriLines(await master.ReadAsTextAsync());
        variants.Select(v => v.Split('?')[0]).ShouldBe(["360p/index.m3u8", "480p/index.m3u8"]);

        var media = await Api.GetSignedAsync(new Uri(hls, variants[1]));
        var segments = UriLines(await media.ReadAsTextAsync()).Select(s => new Uri(s)).ToList();
        segments.ShouldNotBeEmpty();
        segments.ShouldAllBe(s => s.AbsolutePath.Contains($"videos/{id}/hls/480p/seg_"));

        var segment = await Api.DownloadAsync(segments[0], ".ts");
        (await Ffprobe.StreamsAsync(segment)).ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Height == 480);
    }

    [Fact]
    public async Task a_tampered_or_expired_playlist_url_is_refused()
    {
        var id = Guid.NewGuid();
        var grant = app.Host.Services.GetRequiredService<HlsPlaylistGrant>();
        var valid = grant.Query(id, DateTimeOffset.UtcNow.AddMinutes(5));
        var query = HttpUtility.ParseQueryString(valid);

        await Api.GetSignedAsync(Master(id, valid), expectedStatus: 404);
        await Api.GetSignedAsync(Master(id, $"expires={long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture) + 60}&sig={query["sig"]}"), expectedStatus: 403);
        await Api.GetSignedAsync(Master(id, $"expires={query["expires"]}&sig={Flip(query["sig"]!)}"), expectedStatus: 403);
        await Api.GetSignedAsync(Master(Guid.NewGuid(), valid), expectedStatus: 403);
        await Api.GetSignedAsync(Master(id, grant.Query(id, DateTimeOffset.UtcNow.AddSeconds(-5))), expectedStatus: 403);
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/480p/index.m3u8?expires={query["expires"]}&sig={Flip(query["sig"]!)}"), expectedStatus: 403);
        var refusal = await Api.GetSignedAsync(Master(id, ""), expectedStatus: 403);
        refusal.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    protected static List<string> UriLines(string playlist) =>
        playlist.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static Uri Master(Guid id, string query) => new($"http://localhost/videos/{id}/hls/master.m3u8?{query}");

    private static string Flip(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class PlayingOverHls_with_the_embedded_store(EmbeddedStorageApp app) : PlayingOverHls(app)
{
    [Fact]
    public async Task a_tampered_or_expired_segment_url_is_refused_by_the_store()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var key = $"videos/{id}/hls/480p/seg_00000.ts";
        var signed = app.Storage.PresignGet(key, DateTimeOffset.UtcNow.AddMinutes(5));
        await Api.DownloadAsync(signed, ".ts");

        var expired = app.Storage.PresignGet(key, DateTimeOffset.UtcNow.AddSeconds(-5));
        await Api.GetSignedAsync(expired, expectedStatus: 403);
        await Api.GetSignedAsync(new Uri(signed.ToString().Replace("sig=", "sig=0", StringComparison.Ordinal)), expectedStatus: 403);
        await Api.GetSignedAsync(new Uri(signed.ToString().Replace("/480p/", "/360p/", StringComparison.Ordinal)), expectedStatus: 403);
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class PlayingOverHls_with_S3(S3StorageApp app) : PlayingOverHls(app)
{
    private static readonly HttpClient S3 = new();

    [Fact]
    public async Task ffmpeg_plays_the_playlists_the_service_answers_with_segments_straight_from_s3()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var hls = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Hls.ShouldNotBeNull();
        var variant = UriLines(await (await Api.GetSignedAsync(hls)).ReadAsTextAsync())[^1];
        var media = await (await Api.GetSignedAsync(new Uri(hls, variant))).ReadAsTextAsync();

        // The service's playlist as served (Alba's in-memory server is not reachable by ffmpeg); every segment comes from s3rver.
        var playlist = Path.Combine(app.StorageRoot, $"{id:N}.m3u8");
        await File.WriteAllTextAsync(playlist, media);
        var decoded = await Ffprobe.DecodeAsync(playlist);
        decoded.ShouldContain("Video: h264");
    }

    [Fact]
    public async Task s3_refuses_an_expired_presigned_segment_url()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var url = app.Storage.PresignGet($"videos/{id}/hls/480p/seg_00000.ts", DateTimeOffset.UtcNow.AddSeconds(2));
        (await S3.GetAsync(url)).IsSuccessStatusCode.ShouldBeTrue();

        // s3rver holds the URL to its own clock (AWS signs it with the real time), which no fake clock moves.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await S3.GetAsync(url)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }
}
