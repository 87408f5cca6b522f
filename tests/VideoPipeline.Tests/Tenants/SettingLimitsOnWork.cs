using Alba;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Tenants;

/// <summary>
/// An admin sets the limits on an owner's work (the cost of one transcode, its transcodes, webhook attempts and downloads at
/// once) with its other limits; configuration gives the defaults, and the owner's detail shows what is in force.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SettingLimitsOnWork(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private TenantApi Tenants => new(Api);

    [Fact]
    public async Task the_limits_on_an_owners_work_are_set_by_an_admin_and_shown_beside_the_configured_defaults()
    {
        var created = await Api.AndWaitForTheQueue(() => Tenants.CreateOwnerAsync("acme", limits: new() { [QuotaNames.ParallelTranscodes] = 2 }));

        created.Sent.SingleMessage<OwnerLimitsChanged>().Overrides.ShouldBe(new Dictionary<string, long> { [QuotaNames.ParallelTranscodes] = 2 });
        var detail = await Api.GetAsync<OwnerWorkLimitsDto>("/admin/owners/acme", VideoApi.AdminKey);
        detail.WorkLimits.ShouldBe(
        [
            new WorkLimitDto(QuotaNames.ParallelTranscodes, 2, Overridden: true),
            new WorkLimitDto(QuotaNames.ParallelUrlIngests, 1, Overridden: false),
            new WorkLimitDto(QuotaNames.ParallelWebhookDeliveries, 8, Overridden: false),
            new WorkLimitDto(QuotaNames.TranscodeGigapixelsPerJob, 2000, Overridden: false),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task a_limit_on_work_out_of_its_range_is_refused_naming_it_and_changes_nothing()
    {
        var created = await Api.PostJsonAsync("/admin/owners",
            new { id = "acme", limits = new Dictionary<string, long> { [QuotaNames.ParallelTranscodes] = 0, [QuotaNames.TranscodeGigapixelsPerJob] = 1_000_000 } }, 400, VideoApi.AdminKey);
        var errors = (await created.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull();
        errors.Keys.ShouldBe([$"limits.{QuotaNames.ParallelTranscodes}", $"limits.{QuotaNames.TranscodeGigapixelsPerJob}"], ignoreOrder: true);
        errors[$"limits.{QuotaNames.TranscodeGigapixelsPerJob}"].ShouldHaveSingleItem().ShouldContain("from 1 to 2000");

        await Tenants.CreateOwnerAsync("acme");
        var changed = await Api.PatchJsonAsync("/admin/owners/acme", new { limits = new Dictionary<string, long> { [QuotaNames.ParallelWebhookDeliveries] = -1 } }, 400, VideoApi.AdminKey);
        (await changed.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe([$"limits.{QuotaNames.ParallelWebhookDeliveries}"]);
        (await Api.GetAsync<OwnerDto>("/admin/owners/acme", VideoApi.AdminKey)).Limits.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_admins_cost_limit_for_an_owner_wins_over_the_configured_one()
    {
        // Configuration holds this owner to a thousandth of a gigapixel, which refuses even the tiniest clip.
        await Api.AndWaitForTheQueue(() => Tenants.CreateOwnerAsync(VideoPipelineApp.FrugalOwner, limits: new() { [QuotaNames.TranscodeGigapixelsPerJob] = 1 }));
        var ticket = await Api.RequestUploadAsync(key: VideoPipelineApp.FrugalKey);
        await Api.UploadAsync(ticket, await TestClips.Tiny());

        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var video = await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoPipelineApp.FrugalKey);
        video.Status.ShouldBe("processed", video.LastError);
    }

    private sealed record WorkLimitDto(string Name, double? Limit, bool Overridden);

    private sealed record OwnerWorkLimitsDto(string Id, List<WorkLimitDto> WorkLimits);
}
