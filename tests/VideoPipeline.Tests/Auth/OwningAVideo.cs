using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Auth;

/// <summary>Every per-video route answers the owner and an admin, and nobody else.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class OwningAVideo(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    // A video awaiting its upload: what each route answers its owner.
    public static TheoryData<string, string, int> PerVideoRoutes => new()
    {
        { "GET", "/videos/{id}", 200 },
        { "GET", "/videos/{id}/events", 200 },
        { "GET", "/videos/{id}/play", 409 },
        { "POST", "/videos/{id}/retry", 409 },
        { "POST", "/videos/{id}/complete", 409 },
    };

    [Theory]
    [MemberData(nameof(PerVideoRoutes))]
    public async Task the_owner_and_an_admin_get_an_answer_another_owner_gets_404_and_no_key_401(string method, string route, int ownersAnswer)
    {
        var ticket = await Api.RequestUploadAsync();
        var url = route.Replace("{id}", ticket.VideoId.ToString(), StringComparison.Ordinal);

        await SendAsync(method, url, VideoApi.DevKey, ownersAnswer);
        await SendAsync(method, url, VideoApi.AdminKey, ownersAnswer);
        await SendAsync(method, url, VideoApi.OtherOwnersKey, 404);
        await SendAsync(method, url, key: null, 401);
        await SendAsync(method, route.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal), VideoApi.AdminKey, 404);
    }

    [Fact]
    public async Task an_admin_lists_every_owners_videos_an_owner_only_their_own()
    {
        var mine = await Api.RequestUploadAsync(title: "dev's");
        var theirs = await Api.RequestUploadAsync(title: "dev2's", key: VideoApi.OtherOwnersKey);

        (await Api.GetAsync<VideoPageDto>("/videos", VideoApi.AdminKey)).Items.Select(v => v.Id).ShouldBe([theirs.VideoId, mine.VideoId], ignoreOrder: true);
        (await Api.GetAsync<VideoPageDto>("/videos", VideoApi.OtherOwnersKey)).Items.ShouldHaveSingleItem().Id.ShouldBe(theirs.VideoId);
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.ShouldHaveSingleItem().Id.ShouldBe(mine.VideoId);
    }

    private Task<Alba.IScenarioResult> SendAsync(string method, string url, string? key, int expected) =>
        Api.Host.Scenario(x =>
        {
            if (method == "POST")
            {
                x.Post.Url(url);
            }
            else
            {
                x.Get.Url(url);
            }

            if (key is not null)
            {
                x.WithBearerToken(key);
            }

            x.StatusCodeShouldBe(expected);
        });
}
