using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// <c>POST /videos/from-url</c>: the service downloads the file itself, through the network guard, then processes it
/// like an upload; what cannot be ingested fails the video at once with a reason an integrator can act on.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class IngestingFromAUrl(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly string _path = $"/source/{Guid.NewGuid():N}";

    [Fact]
    public async Task a_video_at_a_url_the_configuration_allows_is_downloaded_and_processed()
    {
        var clip = await TestClips.Landscape480p();
        App.Server.MapFile(_path + "/clip.mp4", clip);
        IngestAcceptedDto accepted = null!;

        await Api.AndWaitForTheQueue(async () => accepted = await IngestAsync(App.Server.Url(_path + "/clip.mp4?token=secret"), passthrough: "import-9"));

        accepted.Title.ShouldBe("From a URL");
        var video = await Api.VideoAsync(accepted.VideoId);
        video.Status.ShouldBe("processed", video.LastError);
        video.SizeBytes.ShouldBe(new FileInfo(clip).Length);
        video.Passthrough.ShouldBe("import-9");
        video.SourceUrl.ShouldBe(App.Server.Url(_path + "/clip.mp4").ToString(), "shown without its query, which may hold a credential");
        var completed = (await Api.EventsAsync(accepted.VideoId)).Single(e => e.Type == "UploadCompleted");
        completed.Data.GetProperty("reportedBy").GetString().ShouldBe("url");
        (await App.Storage.HeadAsync(completed.Data.GetProperty("rawKey").GetString()!, CancellationToken.None)).ShouldNotBeNull().Size.ShouldBe(video.SizeBytes!.Value);
    }

    [Fact]
    public async Task nothing_at_the_url_fails_the_video_saying_so()
    {
        var video = await IngestAndWaitAsync(App.Server.Url(_path + "/missing.mp4"));

        video.Status.ShouldBe("failed");
        video.LastError.ShouldBe("Nothing was found at the source URL (HTTP 404 NotFound).");
        App.Server.CallsTo(_path + "/missing.mp4").ShouldBe(1, "a 404 is final: it is not retried");
    }

    [Fact]
    public async Task a_file_over_the_upload_limit_fails_the_video_saying_so_whether_its_length_is_declared_or_not()
    {
        var large = new byte[IntegrationsApp.MaxSizeBytes + 1];
        App.Server.Map(_path + "/declared.mp4", async (http, _) =>
        {
            http.Response.ContentLength = large.Length;
            await http.Response.Body.WriteAsync(large);
        });
        App.Server.Map(_path + "/streamed.mp4", async (http, _) =>
        {
            // Chunked, no length: the limit is checked on the bytes as they come.
            for (var sent = 0; sent < large.Length; sent += 65536)
            {
                await http.Response.Body.WriteAsync(large.AsMemory(sent, Math.Min(65536, large.Length - sent)));
                await http.Response.Body.FlushAsync();
            }
        });

        var declared = await IngestAndWaitAsync(App.Server.Url(_path + "/declared.mp4"));
        var streamed = await IngestAndWaitAsync(App.Server.Url(_path + "/streamed.mp4"));

        declared.LastError.ShouldBe($"The file at the source URL is {large.Length} bytes, over the limit of {IntegrationsApp.MaxSizeBytes} bytes.");
        streamed.Status.ShouldBe("failed");
        streamed.LastError.ShouldBe($"The file at the source URL is larger than the limit of {IntegrationsApp.MaxSizeBytes} bytes.");
    }

    [Fact]
    public async Task a_file_that_is_not_a_video_fails_as_an_upload_of_it_would()
    {
        App.Server.MapFile(_path + "/notes.mp4", await TestClips.NotAVideo(), "video/mp4");
        var uploaded = await Api.UploadAndProcessAsync(await TestClips.NotAVideo());

        var video = await IngestAndWaitAsync(App.Server.Url(_path + "/notes.mp4"));

        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1, "refused at once, not retried");
        video.LastError.ShouldNotBeNull().ShouldBe((await Api.VideoAsync(uploaded)).LastError);
    }

    [Fact]
    public async Task a_redirect_to_an_address_the_guard_refuses_fails_the_video_saying_so()
    {
        App.Server.MapFile(_path + "/clip.mp4", await TestClips.Tiny());
        App.Server.Map(_path + "/moved", (http, _) =>
        {
            http.Response.StatusCode = StatusCodes.Status302Found;
            http.Response.Headers.Location = $"http://localhost:{App.Server.BaseUrl.Port}{_path}/clip.mp4";
            return Task.CompletedTask;
        });

        var video = await IngestAndWaitAsync(App.Server.Url(_path + "/moved"));

        video.Status.ShouldBe("failed");
        video.LastError.ShouldNotBeNull().ShouldContain("'localhost' resolves to a loopback address");
        App.Server.CallsTo(_path + "/clip.mp4").ShouldBe(0);
    }

    [Fact]
    public async Task a_source_that_fails_on_its_side_is_tried_again()
    {
        var clip = await TestClips.Tiny();
        App.Server.Map(_path + "/flaky.mp4", async (http, call) =>
        {
            if (call == 1)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await http.Response.SendFileAsync(clip);
        });

        var video = await IngestAndWaitAsync(App.Server.Url(_path + "/flaky.mp4"));

        video.Status.ShouldBe("processed", video.LastError);
        App.Server.CallsTo(_path + "/flaky.mp4").ShouldBe(2);
    }

    [Fact]
    public async Task a_url_that_is_not_http_or_names_a_refused_address_is_refused_at_once()
    {
        foreach (var url in (string[])["ftp://example.com/clip.mp4", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x", "//no-scheme",
                     "http://[::ffff:0:127.0.0.1]:18080/file", "http://[64:ff9b:1::a9fe:a9fe]/latest", "http://[2002:a00:1::1]/x"])
        {
            var refused = await Api.PostJsonAsync("/videos/from-url", new { url, title = "x" }, 400);
            (await refused.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().ShouldContainKey("url");
        }

        (await Api.GetAsync<VideoPageDto>("/videos")).Items.ShouldBeEmpty();
    }

    private async Task<IngestAcceptedDto> IngestAsync(Uri url, string? passthrough = null)
    {
        var result = await Api.PostJsonAsync("/videos/from-url", new { url, title = "From a URL", passthrough }, 202);
        result.Context.Response.Headers.Location.ToString().ShouldStartWith("/videos/");
        return (await result.ReadAsJsonAsync<IngestAcceptedDto>())!;
    }

    /// <summary>Ingests, and waits for the video to settle: a retried download runs when its delay is up, which no tracked session waits for.</summary>
    private async Task<VideoDto> IngestAndWaitAsync(Uri url)
    {
        var accepted = await IngestAsync(url);
        return await Eventually.WaitForAsync(() => Api.VideoAsync(accepted.VideoId), v => v.Status is "processed" or "failed", Within, "the ingest to end");
    }
}
