using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Usage;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// The image API: stills and looping previews made from a video's stored renditions at the size, shape, moment and format
/// asked, each made once and served from storage after, counted in the owner's usage, refused by name when a parameter is
/// wrong. The clip is 2 s of 854x480, whose rungs are 360p (640x360) and 480p (854x480).
/// </summary>
public abstract class MakingPictures<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    /// <summary>Run once per storage backend: what is stored, found again and purged is the store's part.</summary>
    [Fact]
    public async Task a_thumbnail_is_made_once_at_the_size_and_format_asked_then_served_from_storage_and_purged_with_the_video()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var grant = Grant(id);

        Uri[] twice = [];
        var url = $"/videos/{id}/thumbnail.png?time=1&width=320&{grant}";
        await Api.AndWaitForTheQueue(async () => twice = await Task.WhenAll(LocationAsync(url), LocationAsync(url)));
        twice[1].AbsolutePath.ShouldBe(twice[0].AbsolutePath);
        var key = twice[0].AbsolutePath[twice[0].AbsolutePath.IndexOf("videos/", StringComparison.Ordinal)..];
        key.ShouldBe($"videos/{id}/images/thumbnail_1000ms_320x180_preserve.png");
        (await Storage.HeadAsync(key, CancellationToken.None)).ShouldNotBeNull();
        await ShouldBeAsync(twice[0], ".png", "png", 320, 180);
        (await ImagesRenderedAsync()).ShouldBe(1);

        (await ImageAsync($"/videos/{id}/thumbnail.png?time=1.0000&width=320&{grant}")).AbsolutePath.ShouldBe(twice[0].AbsolutePath);
        (await ImagesRenderedAsync()).ShouldBe(1);

        await ShouldBeAsync(await ImageAsync($"/videos/{id}/thumbnail.jpg?time=0.2&width=200&height=200&fit_mode=crop&{grant}"), ".jpg", "mjpeg", 200, 200);
        await ShouldBeAsync(await ImageAsync($"/videos/{id}/thumbnail.webp?width=300&height=300&fit_mode=pad&{grant}"), ".webp", "webp", 300, 300);
        await ShouldBeAsync(await ImageAsync($"/videos/{id}/thumbnail.jpg?time=1.99&width=100&height=300&fit_mode=stretch&{grant}"), ".jpg", "mjpeg", 100, 300);
        await ShouldBeAsync(await ImageAsync($"/videos/{id}/thumbnail.jpg?height=480&width=400&{grant}"), ".jpg", "mjpeg", 400, 225);
        (await ImagesRenderedAsync()).ShouldBe(5);

        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{id}", 202));
        (await Storage.HeadAsync(key, CancellationToken.None)).ShouldBeNull();
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/thumbnail.png?time=1&width=320&{grant}"), 404);
    }

    private IObjectStorage Storage => App.Host.Services.GetRequiredService<IObjectStorage>();

    protected string Grant(Guid id) => App.Host.Services.GetRequiredService<PlaylistGrant>().Query(id, App.Clock.GetUtcNow().AddHours(1));

    /// <summary>Asks for a picture as an &lt;img&gt; would, waiting for the usage it records; answers where it is stored.</summary>
    protected async Task<Uri> ImageAsync(string url)
    {
        Uri? stored = null;
        await Api.AndWaitForTheQueue(async () => stored = await LocationAsync(url));
        return stored!;
    }

    private async Task<Uri> LocationAsync(string url) =>
        new((await Api.GetSignedAsync(new Uri("http://localhost" + url), 302)).Context.Response.Headers.Location.ToString());

    protected async Task ShouldBeAsync(Uri stored, string extension, string codec, int width, int height)
    {
        var stream = (await Ffprobe.StreamsAsync(await Api.DownloadAsync(stored, extension))).ShouldHaveSingleItem();
        (stream.CodecName, stream.Width, stream.Height).ShouldBe((codec, width, height));
    }

    protected async Task<long> ImagesRenderedAsync() =>
        (await Api.GetAsync<UsageReportDto>("/usage")).Owners.SingleOrDefault()?.Totals.ImagesRendered ?? 0;

    protected static async Task<int> FramesAsync(string file)
    {
        var output = await ChildProcess.RunAsync("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \"{file}\"");
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class MakingPictures(EmbeddedStorageApp app) : MakingPictures<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task an_animated_preview_holds_the_frames_asked_for_at_the_size_asked()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var grant = Grant(id);

        var gif = await ImageAsync($"/videos/{id}/animated.gif?start=0.5&end=1.5&width=160&fps=10&{grant}");
        gif.AbsolutePath.ShouldEndWith($"videos/{id}/images/animated_500-1500ms_10fps_160x90_preserve.gif");
        var file = await Api.DownloadAsync(gif, ".gif");
        var stream = (await Ffprobe.StreamsAsync(file)).ShouldHaveSingleItem();
        (stream.CodecName, stream.Width, stream.Height).ShouldBe(("gif", 160, 90));
        (await FramesAsync(file)).ShouldBe(10);

        var webp = await Api.DownloadAsync(await ImageAsync($"/videos/{id}/animated.webp?{grant}"), ".webp");
        var header = (await File.ReadAllBytesAsync(webp))[..64];
        System.Text.Encoding.ASCII.GetString(header).ShouldStartWith("RIFF");
        System.Text.Encoding.ASCII.GetString(header).ShouldContain("WEBPVP8X");
        System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(webp)).ShouldContain("ANIM");
        (await ImagesRenderedAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task each_bad_image_parameter_is_refused_by_name_and_nothing_is_made()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var grant = Grant(id);
        (string Query, string Parameter)[] refused =
        [
            ("thumbnail.bmp?", "extension"), ("thumbnail.jpg?time=2.5", "time"), ("thumbnail.jpg?time=-1", "time"), ("thumbnail.jpg?time=soon", "time"),
            ("thumbnail.jpg?width=0", "width"), ("thumbnail.jpg?width=100000", "width"), ("thumbnail.jpg?height=1.5", "height"),
            ("thumbnail.jpg?width=100&height=100&fit_mode=squash", "fit_mode"), ("thumbnail.jpg?width=100&height=100&fit_mode=smartcrop", "fit_mode"),
            ("thumbnail.jpg?width=100&fit_mode=crop", "fit_mode"), ("thumbnail.jpg?height=1900", "height"),
            ("animated.mp4?", "extension"), ("animated.gif?start=1&end=0.5", "end"), ("animated.gif?start=0&end=11", "end"), ("animated.gif?start=1.5&end=2.5", "end"),
            ("animated.gif?start=3", "start"), ("animated.gif?width=641", "width"), ("animated.gif?fps=0", "fps"), ("animated.gif?fps=31", "fps"),
        ];

        foreach (var (query, parameter) in refused)
        {
            var answer = await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/{query}&{grant}"), 400);
            answer.Context.Response.ContentType.ShouldStartWith("application/problem+json");
            using var problem = JsonDocument.Parse(await answer.ReadAsTextAsync());
            problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue($"{query} should be refused naming '{parameter}'");
        }

        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/thumbnail.jpg?{grant.Replace("sig=", "sig=0", StringComparison.Ordinal)}"), 403);
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/thumbnail.jpg"), 403);
        (await ImagesRenderedAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task a_video_whose_read_model_predates_its_rungs_gets_pictures_from_its_stored_master_playlist()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var store = App.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var video = (await session.LoadAsync<VideoPipeline.Modules.Playback.PlayableVideo>(id)).ShouldNotBeNull();
            video.Rungs.Clear(); // as an earlier version wrote it
            session.Store(video);
            await session.SaveChangesAsync();
        }

        await ShouldBeAsync(await ImageAsync($"/videos/{id}/thumbnail.jpg?time=1&width=320&{Grant(id)}"), ".jpg", "mjpeg", 320, 180);
    }

    [Fact]
    public async Task a_video_not_processed_yet_has_no_pictures()
    {
        var id = await Api.UploadedVideoAsync();

        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/thumbnail.jpg?{Grant(id)}"), 409);
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/animated.gif?{Grant(id)}"), 409);
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{Guid.NewGuid()}/thumbnail.jpg?{Grant(id)}"), 403);
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class MakingPictures_with_S3(S3StorageApp app) : MakingPictures<S3StorageApp>(app);
