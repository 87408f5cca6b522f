using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

[Collection(EmbeddedStorageCollection.Name)]
public sealed class RequestingAnUpload(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task requesting_an_upload_returns_a_presigned_put_url_for_the_raw_object()
    {
        var ticket = await Api.RequestUploadAsync(title: "Talk", fileName: "talk.webm", contentType: "video/webm", sizeBytes: 1234);

        ticket.Key.ShouldBe($"videos/{ticket.VideoId}/raw.webm");
        ticket.Method.ShouldBe("PUT");
        ticket.Url.AbsolutePath.ShouldBe($"/storage/{ticket.Key}");
        ticket.Headers["Content-Type"].ShouldBe("video/webm");
        ticket.ExpiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Title.ShouldBe("Talk");
        video.Status.ShouldBe("awaiting_upload");
        video.Steps.RequestedAt.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("", "clip.mp4", "video/mp4", 10L, "title")]
    [InlineData("A title that is far too long, repeated. A title that is far too long, repeated. A title that is far too long, repeated. A title that is far too long, repeated. A title that is far too long, repeated. A title that is far too long, repeated.", "clip.mp4", "video/mp4", 10L, "title")]
    [InlineData("Slides", "slides.pdf", "application/pdf", 10L, "contentType")]
    [InlineData("Huge", "huge.mp4", "video/mp4", 5L * 1024 * 1024 * 1024 + 1, "sizeBytes")]
    [InlineData("Empty", "empty.mp4", "video/mp4", 0L, "sizeBytes")]
    public async Task an_invalid_request_is_refused_naming_the_field_and_creates_nothing(
        string title, string fileName, string contentType, long sizeBytes, string field)
    {
        var result = await App.Host.Scenario(x =>
        {
            x.Post.Json(new { title, fileName, contentType, sizeBytes }).ToUrl("/upload/request");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(400);
            x.ContentTypeShouldBe("application/problem+json");
        });

        var problem = await result.ReadAsJsonAsync<ProblemDto>();
        problem!.Errors.ShouldNotBeNull().Keys.ShouldContain(field);
        (await Api.GetAsync<VideoPageDto>("/videos?includeTotal=true")).TotalCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("4k")]
    [InlineData("720p", "720p")]
    [InlineData("480p", "")]
    public async Task asking_for_mp4_downloads_of_anything_but_distinct_standard_rungs_is_refused(params string[] staticRenditions)
    {
        var result = await App.Host.Scenario(x =>
        {
            x.Post.Json(new { title = "Downloads", fileName = "clip.mp4", staticRenditions }).ToUrl("/upload/request");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(400);
        });

        (await result.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldContain("staticRenditions");
        (await Api.GetAsync<VideoPageDto>("/videos?includeTotal=true")).TotalCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task calls_without_a_known_api_key_are_unauthorized(string? key)
    {
        await App.Host.Scenario(x =>
        {
            x.Post.Json(new { title = "No key" }).ToUrl("/upload/request");
            if (key is not null)
            {
                x.WithBearerToken(key);
            }

            x.StatusCodeShouldBe(401);
            x.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Fact]
    public async Task the_list_shows_only_the_callers_videos_newest_first()
    {
        var first = await Api.RequestUploadAsync(title: "First");
        var second = await Api.RequestUploadAsync(title: "Second");

        var page = await Api.GetAsync<VideoPageDto>("/videos");
        page.Items.Select(v => v.Id).ShouldBe([second.VideoId, first.VideoId]);

        (await Api.GetAsync<VideoPageDto>("/videos", VideoApi.OtherOwnersKey)).Items.ShouldBeEmpty();
        (await Api.GetAsync<VideoPageDto>("/videos?status=processed")).Items.ShouldBeEmpty();
        await Api.GetAsync<ProblemDto>("/videos?status=bogus", expectedStatus: 400);
    }

    [Fact]
    public async Task another_owners_video_is_not_found()
    {
        var ticket = await Api.RequestUploadAsync();

        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}", VideoApi.OtherOwnersKey, expectedStatus: 404);
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}/events", VideoApi.OtherOwnersKey, expectedStatus: 404);
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}/play", VideoApi.OtherOwnersKey, expectedStatus: 404);
    }

    [Fact]
    public async Task completing_an_upload_before_anything_was_uploaded_is_a_conflict()
    {
        var ticket = await Api.RequestUploadAsync();

        await App.Host.Scenario(x =>
        {
            x.Post.Url($"/videos/{ticket.VideoId}/complete");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(409);
        });
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }
}
