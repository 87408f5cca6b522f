using VideoPipeline.Tests.Usage;
using System.Net;
using System.Net.Http.Json;
using Alba;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Persistence.Durability;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Tenants;

/// <summary>Admins create, list, read and change owners; every change of limits or standing is told to the rest of the service.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ManagingOwners(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private TenantApi Tenants => new(Api);

    [Fact]
    public async Task an_owner_created_with_limits_is_listed_with_them_and_the_limits_are_announced()
    {
        OwnerDto created = null!;
        var session = await Api.AndWaitForTheQueue(async () => created = await Tenants.CreateOwnerAsync("acme", "Acme", new() { [QuotaNames.Videos] = 100 }));

        (created.Id, created.Name, created.Status).ShouldBe(("acme", "Acme", "active"));
        var announced = session.Sent.SingleMessage<OwnerLimitsChanged>();
        announced.OwnerId.ShouldBe("acme");
        announced.Overrides.ShouldBe(new Dictionary<string, long> { [QuotaNames.Videos] = 100 });
        (await App.Host.Services.GetRequiredService<IMessageStore>().Admin.FetchCountsAsync()).DeadLetter.ShouldBe(0, "the limits are applied, nothing dead-lettered");
        (await Api.GetAsync<List<OwnerDto>>("/admin/owners", VideoApi.AdminKey)).ShouldHaveSingleItem().Limits[QuotaNames.Videos].ShouldBe(100);
        var detail = await Api.GetAsync<OwnerDetailDto>("/admin/owners/acme", VideoApi.AdminKey);
        detail.Name.ShouldBe("Acme");
        detail.Quotas.Single(q => q.Name == QuotaNames.Videos).ShouldBe(new QuotaUseDto(QuotaNames.Videos, 100, 0, AtLimit: false, Exceeded: false));
        await Api.GetAsync<ProblemDto>("/admin/owners/nobody", VideoApi.AdminKey, expectedStatus: 404);
    }

    [Fact]
    public async Task changing_limits_and_reinstating_are_each_announced_and_suspending_is_not()
    {
        await Tenants.CreateOwnerAsync("acme");

        var limits = await Api.AndWaitForTheQueue(() => Tenants.ChangeOwnerAsync("acme", new { limits = new Dictionary<string, long> { [QuotaNames.StoredBytes] = 1_000_000 } }));
        limits.Sent.SingleMessage<OwnerLimitsChanged>().Overrides.ShouldBe(new Dictionary<string, long> { [QuotaNames.StoredBytes] = 1_000_000 });
        var suspension = await Api.AndWaitForTheQueue(() => Tenants.SuspendAsync("acme"));
        suspension.Sent.AllMessages().ShouldBeEmpty("the scheduler passes a suspended owner's work over by itself: nobody needs telling");
        (await Api.GetAsync<OwnerDto>("/admin/owners/acme", VideoApi.AdminKey)).Status.ShouldBe("suspended");
        var reinstatement = await Api.AndWaitForTheQueue(() => Tenants.ReinstateAsync("acme"));
        reinstatement.Sent.SingleMessage<OwnerReinstated>().OwnerId.ShouldBe("acme");

        var renamed = await Api.AndWaitForTheQueue(() => Tenants.ChangeOwnerAsync("acme", new { name = "Acme Ltd", limits = new Dictionary<string, long> { [QuotaNames.StoredBytes] = 1_000_000 } }));
        renamed.Sent.AllMessages().ShouldBeEmpty("neither the limits nor the standing changed");
        (await Api.GetAsync<OwnerDto>("/admin/owners/acme", VideoApi.AdminKey)).ShouldSatisfyAllConditions(
            o => o.Name.ShouldBe("Acme Ltd"), o => o.Status.ShouldBe("active"), o => o.Limits[QuotaNames.StoredBytes].ShouldBe(1_000_000));
    }

    [Fact]
    public async Task creating_an_owner_twice_is_a_conflict()
    {
        await Tenants.CreateOwnerAsync("acme");

        await Api.PostJsonAsync("/admin/owners", new { id = "acme" }, 409, VideoApi.AdminKey);
    }

    [Fact]
    public async Task racing_creations_of_one_owner_make_it_once_and_racing_changes_all_apply()
    {
        var creations = await Burst.SendAsync(App.Host, [.. Enumerable.Range(0, 6).Select(_ => (Func<HttpRequestMessage>)(() => Admin(HttpMethod.Post, "/admin/owners", new { id = "acme" })))]);

        creations.Count(s => s == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", creations));
        creations.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5, string.Join(", ", creations));

        var changes = await Burst.SendAsync(App.Host, [.. Enumerable.Range(0, 4).Select(i => (Func<HttpRequestMessage>)(() =>
            Admin(HttpMethod.Patch, "/admin/owners/acme", new { name = $"Acme {i}" })))]);
        changes.ShouldAllBe(s => s == HttpStatusCode.OK, string.Join(", ", changes));
    }

    [Fact]
    public async Task bad_owner_input_is_refused_naming_the_field_or_the_limit()
    {
        var created = await Api.PostJsonAsync("/admin/owners", new { id = "Not An Id", limits = new Dictionary<string, long> { ["storedBytez"] = 1, [QuotaNames.Videos] = -1 } }, 400, VideoApi.AdminKey);
        (await created.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe(["id", "limits.storedBytez", "limits.videos"], ignoreOrder: true);

        await Tenants.CreateOwnerAsync("acme");
        var changed = await Api.PatchJsonAsync("/admin/owners/acme", new { status = "paused" }, 400, VideoApi.AdminKey);
        (await changed.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe(["status"]);
        await Api.PatchJsonAsync("/admin/owners/nobody", new { status = "suspended" }, 404, VideoApi.AdminKey);
        (await Api.GetAsync<List<OwnerDto>>("/admin/owners", VideoApi.AdminKey)).ShouldHaveSingleItem().Status.ShouldBe("active");
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.AdminKey);
        return request;
    }

    [Fact]
    public async Task a_non_admin_cannot_reach_the_admin_api()
    {
        var refused = await Api.GetAsync<ProblemDto>("/admin/owners", VideoApi.DevKey, expectedStatus: 403);
        refused.Status.ShouldBe(403);
        await Api.PostJsonAsync("/admin/owners", new { id = "mine" }, 403);
        await Api.PostJsonAsync("/admin/owners/dev/keys", new { name = "k" }, 403);
        await Api.Host.Scenario(x =>
        {
            x.Get.Url("/admin/owners");
            x.StatusCodeShouldBe(401);
        });
    }
}

public sealed record OwnerDetailDto(string Id, string? Name, string Status, Dictionary<string, long> Limits, List<QuotaUseDto> Quotas, bool AnyAtLimit);
