using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>The integrator's own fields of a video: set when it is requested, changed by <c>PATCH</c>, returned in reads, filtered on in the list.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class EditingVideoDetails(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task passthrough_and_metadata_given_with_the_upload_request_come_back_in_reads()
    {
        var ticket = await Api.RequestUploadAsync(passthrough: "order-1138", metadata: new() { ["customer"] = "acme", ["env"] = "prod" });

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Passthrough.ShouldBe("order-1138");
        video.Metadata.ShouldBe(new Dictionary<string, string> { ["customer"] = "acme", ["env"] = "prod" }, ignoreOrder: true);
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.Single().Metadata.ShouldNotBeNull()["customer"].ShouldBe("acme");
    }

    [Fact]
    public async Task a_patch_changes_what_it_names_and_null_removes()
    {
        var ticket = await Api.RequestUploadAsync(title: "Before", passthrough: "p-1", metadata: new() { ["customer"] = "acme", ["env"] = "prod" });

        var patched = await (await Api.PatchJsonAsync($"/videos/{ticket.VideoId}",
            new { title = "After", metadata = new Dictionary<string, string?> { ["env"] = null, ["team"] = "video" } }, 200)).ReadAsJsonAsync<VideoDetailsDto>();
        var cleared = await (await Api.PatchJsonAsync($"/videos/{ticket.VideoId}", new Dictionary<string, object?> { ["passthrough"] = null }, 200))
            .ReadAsJsonAsync<VideoDetailsDto>();

        patched!.Title.ShouldBe("After");
        patched.Passthrough.ShouldBe("p-1");
        patched.Metadata.ShouldBe(new Dictionary<string, string> { ["customer"] = "acme", ["team"] = "video" }, ignoreOrder: true);
        cleared!.Passthrough.ShouldBeNull();
        var video = await Api.VideoAsync(ticket.VideoId);
        (video.Title, video.Passthrough).ShouldBe(("After", (string?)null));
        video.Metadata.ShouldBe(patched.Metadata, ignoreOrder: true);
        (await Api.EventsAsync(ticket.VideoId)).Count(e => e.Type == "VideoDetailsEdited").ShouldBe(2);

        await Api.PatchJsonAsync($"/videos/{ticket.VideoId}", new { title = "After" }, 200);
        (await Api.EventsAsync(ticket.VideoId)).Count(e => e.Type == "VideoDetailsEdited").ShouldBe(2, "a patch that changes nothing records nothing");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "{}", "body" },
        { "{\"title\":null}", "title" },
        { "{\"title\":\"\"}", "title" },
        { $"{{\"passthrough\":\"{new string('p', 256)}\"}}", "passthrough" },
        { "{\"passthrough\":\"\"}", "passthrough" },
        { "{\"passthrough\":\"line\\nbreak\"}", "passthrough" },
        { "{\"metadata\":{\"has space\":\"x\"}}", "metadata" },
        { "{\"metadata\":{\"k\":\"" + new string('v', 501) + "\"}}", "metadata" },
        { "{\"metadata\":{" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"k{i}\":\"v\"")) + "}}", "metadata" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task a_malformed_patch_is_refused_naming_the_field_and_changes_nothing(string body, string field)
    {
        var ticket = await Api.RequestUploadAsync(title: "Unchanged");

        var refused = await App.Host.Scenario(x =>
        {
            x.Patch.Text(body).ToUrl($"/videos/{ticket.VideoId}");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(400);
        });

        (await refused.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().ShouldContainKey(field);
        (await Api.VideoAsync(ticket.VideoId)).Title.ShouldBe("Unchanged");
    }

    [Fact]
    public async Task a_patch_of_a_field_that_cannot_change_or_more_keys_than_a_video_holds_is_refused()
    {
        var ticket = await Api.RequestUploadAsync(metadata: Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", _ => "v"));

        await Api.PatchJsonAsync($"/videos/{ticket.VideoId}", new { status = "processed" }, 400);
        var tooMany = await Api.PatchJsonAsync($"/videos/{ticket.VideoId}", new { metadata = new { one_more = "v" } }, 400);

        (await tooMany.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe("The video would hold 51 metadata keys; it may hold at most 50.");
        (await Api.VideoAsync(ticket.VideoId)).Metadata!.Count.ShouldBe(50);
    }

    [Fact]
    public async Task the_list_keeps_the_videos_whose_metadata_holds_every_given_value()
    {
        var acmeProd = await Api.RequestUploadAsync(metadata: new() { ["customer"] = "acme", ["env"] = "prod" });
        var acmeTest = await Api.RequestUploadAsync(metadata: new() { ["customer"] = "acme", ["env"] = "test" });
        await Api.RequestUploadAsync(metadata: new() { ["customer"] = "globex" });
        await Api.RequestUploadAsync();

        (await Api.GetAsync<VideoPageDto>("/videos?metadata[customer]=acme")).Items.Select(v => v.Id).ShouldBe([acmeTest.VideoId, acmeProd.VideoId]);
        (await Api.GetAsync<VideoPageDto>("/videos?metadata[customer]=acme&metadata[env]=prod")).Items.Single().Id.ShouldBe(acmeProd.VideoId);
        (await Api.GetAsync<VideoPageDto>("/videos?metadata[customer]=initech")).Items.ShouldBeEmpty();
        (await Api.GetAsync<VideoPageDto>("/videos?metadata[customer]=acme", VideoApi.OtherOwnersKey)).Items.ShouldBeEmpty();

        foreach (var query in (string[])["metadata[bad key]=x", "metadata[customer]=a&metadata[customer]=b", "metadata[]=x"])
        {
            (await Api.GetAsync<ProblemDto>($"/videos?{query}", expectedStatus: 400)).Errors.ShouldNotBeNull().ShouldContainKey("metadata");
        }
    }

    [Fact]
    public async Task an_upload_request_with_malformed_details_is_refused()
    {
        await Api.PostJsonAsync("/upload/request", new { title = "x", passthrough = new string('p', 256) }, 400);
        await Api.PostJsonAsync("/upload/request", new { title = "x", metadata = new Dictionary<string, string?> { ["k"] = null } }, 400);
        await Api.PostJsonAsync("/upload/request", new { title = "x", metadata = new Dictionary<string, string> { ["$ref"] = "#" } }, 400);
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.ShouldBeEmpty();
    }
}
