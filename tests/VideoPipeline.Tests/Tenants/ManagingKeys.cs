using VideoPipeline.Tests.Usage;
using VideoPipeline.Contracts;
using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Tenants;

/// <summary>Owners make, list and revoke their own keys; the key is shown once, stored only as its hash, and obeys its scopes and expiry.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ManagingKeys(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private TenantApi Tenants => new(Api);

    [Fact]
    public async Task creating_a_key_shows_it_once_and_it_works()
    {
        var created = await Tenants.CreateKeyAsync("laptop");

        created.Key.ShouldNotBeNull().ShouldStartWith("vpk_");
        created.Key.ShouldStartWith(created.Prefix);
        created.Scopes.ShouldBe(["all"]);
        var ticket = await Api.RequestUploadAsync(key: created.Key);
        (await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoApi.DevKey)).Id.ShouldBe(ticket.VideoId, "the key acts for its owner");

        var listing = await (await Api.Host.Scenario(x =>
        {
            x.Get.Url("/keys");
            x.WithBearerToken(VideoApi.DevKey);
        })).ReadAsTextAsync();
        listing.ShouldNotContain(created.Key, Case.Sensitive, "a key is shown only when it is made");
        var listed = (await Tenants.KeysAsync()).ShouldHaveSingleItem();
        (listed.Id, listed.Name, listed.Prefix, listed.Key).ShouldBe((created.Id, "laptop", created.Prefix, null));
        listed.LastUsedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task an_owner_at_its_api_keys_quota_is_refused_naming_it_until_it_revokes_one()
    {
        var quotas = new QuotaApi(Api);
        await quotas.LimitAsync(QuotaNames.ApiKeys, 2);
        var first = await Tenants.CreateKeyAsync("first");
        await Tenants.CreateKeyAsync("second");

        var problem = await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/keys", new { name = "third" }, 409));

        (problem.Quota, problem.Limit, problem.Used).ShouldBe((QuotaNames.ApiKeys, 2L, 2L));
        (await Tenants.KeysAsync()).Select(k => k.Name).ShouldBe(["first", "second"], ignoreOrder: true);
        await Api.DeleteAsync($"/keys/{first.Id}", 204);
        (await quotas.UseAsync(QuotaNames.ApiKeys)).Used.ShouldBe(1);
        await Tenants.CreateKeyAsync("third");
    }

    [Fact]
    public async Task last_use_is_written_at_most_once_a_minute_per_node()
    {
        var key = (await Tenants.CreateKeyAsync()).Key!;
        await Api.GetAsync<VideoPageDto>("/videos", key);
        var first = (await Tenants.KeysAsync()).Single().LastUsedAt.ShouldNotBeNull();

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await Api.GetAsync<VideoPageDto>("/videos", key);
        (await Tenants.KeysAsync()).Single().LastUsedAt.ShouldBe(first);

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        await Api.GetAsync<VideoPageDto>("/videos", key);
        (await Tenants.KeysAsync()).Single().LastUsedAt.ShouldBe(first.AddSeconds(61));
    }

    [Fact]
    public async Task a_read_only_key_reads_but_cannot_upload()
    {
        var key = (await Tenants.CreateKeyAsync(scopes: ["read"])).Key!;

        await Api.GetAsync<VideoPageDto>("/videos", key);
        var refused = await Api.PostJsonAsync("/upload/request", new { title = "t", fileName = "a.mp4", contentType = "video/mp4" }, 403, key);
        var problem = (await refused.ReadAsJsonAsync<ProblemDto>())!;
        problem.Title.ShouldBe("The API key's scopes do not allow this.");
        problem.Detail.ShouldNotBeNull().ShouldContain("'upload'");
        await Api.PostJsonAsync("/keys", new { name = "escalation" }, 403, key);
    }

    [Fact]
    public async Task an_upload_only_key_uploads_but_cannot_read_and_a_playback_key_only_gets_playback_links()
    {
        var upload = (await Tenants.CreateKeyAsync(scopes: ["upload"])).Key!;
        var playback = (await Tenants.CreateKeyAsync(scopes: ["playback"])).Key!;

        var ticket = await Api.RequestUploadAsync(key: upload);
        await Api.GetAsync<ProblemDto>("/videos", upload, expectedStatus: 403);
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}", playback, expectedStatus: 403);
        await Api.GetAsync<System.Text.Json.JsonElement>($"/videos/{ticket.VideoId}/captions", playback);
        await Api.PostJsonAsync("/upload/request", new { title = "t", fileName = "a.mp4", contentType = "video/mp4" }, 403, playback);
    }

    [Fact]
    public async Task a_revoked_key_is_refused()
    {
        var created = await Tenants.CreateKeyAsync();
        await Api.GetAsync<VideoPageDto>("/videos", created.Key!);

        await Api.DeleteAsync($"/keys/{created.Id}", 204);

        await Api.GetAsync<ProblemDto>("/videos", created.Key!, expectedStatus: 401);
        (await Tenants.KeysAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_expired_key_is_refused()
    {
        var created = await Tenants.CreateKeyAsync(expiresAt: App.Clock.GetUtcNow().AddHours(1));
        await Api.GetAsync<VideoPageDto>("/videos", created.Key!);

        App.Clock.Advance(TimeSpan.FromHours(1));

        await Api.GetAsync<ProblemDto>("/videos", created.Key!, expectedStatus: 401);
    }

    [Fact]
    public async Task another_owners_key_cannot_be_revoked_by_this_owner()
    {
        var created = await Tenants.CreateKeyAsync();

        await Api.DeleteAsync($"/keys/{created.Id}", 404, VideoApi.OtherOwnersKey);

        (await Tenants.KeysAsync(VideoApi.OtherOwnersKey)).ShouldBeEmpty();
        await Api.GetAsync<VideoPageDto>("/videos", created.Key!);
    }

    [Fact]
    public async Task an_admin_onboards_an_owner_with_its_first_key_and_revokes_it()
    {
        await Tenants.CreateOwnerAsync("acme", "Acme Corp");
        var first = await Tenants.CreateKeyForAsync("acme");

        var ticket = await Api.RequestUploadAsync(key: first.Key!);
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}", VideoApi.DevKey, expectedStatus: 404);
        (await Api.GetAsync<List<KeyDto>>("/admin/owners/acme/keys", VideoApi.AdminKey)).ShouldHaveSingleItem().Id.ShouldBe(first.Id);
        await Api.DeleteAsync($"/admin/owners/dev/keys/{first.Id}", 404, VideoApi.AdminKey);

        await Api.DeleteAsync($"/admin/owners/acme/keys/{first.Id}", 204, VideoApi.AdminKey);

        await Api.GetAsync<ProblemDto>("/videos", first.Key!, expectedStatus: 401);
        await Api.PostJsonAsync("/admin/owners/nobody/keys", new { name = "k" }, 404, VideoApi.AdminKey);
    }

    [Fact]
    public async Task bad_key_requests_are_refused_naming_the_field()
    {
        var refused = await Api.PostJsonAsync("/keys", new { name = "", scopes = new[] { "write" }, expiresAt = App.Clock.GetUtcNow().AddMinutes(-1) }, 400);

        (await refused.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe(["name", "scopes", "expiresAt"], ignoreOrder: true);
        (await Tenants.KeysAsync()).ShouldBeEmpty();
    }
}
